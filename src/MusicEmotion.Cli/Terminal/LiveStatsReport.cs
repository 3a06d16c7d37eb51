using System.Globalization;
using System.Text;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Cli.Terminal;

/// <summary>
/// What live --stats prints, at the end and on demand: the capture, the counters (frames, readings, drops at each
/// channel, ring overruns, host overflows), the real-time checks (bytes the callback and the pump allocated after
/// warm-up) and the latency of each stage of the real path (median, p99, p99.9, max).
/// </summary>
internal static class LiveStatsReport
{
    public static string Format(EmotionPipeline pipeline, CaptureFrameSource source, DspThreadOptions? dsp, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(source);
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        ICaptureStream capture = source.Capture;
        CaptureStatistics stats = capture.Statistics;
        PipelineCounters counters = pipeline.Counters;
        text.Append(invariant, $"live stats after {elapsed:h\\:mm\\:ss}: {capture.Kind} '{capture.Name}', {capture.Format}, ")
            .Append(invariant, $"{capture.BlockDuration.TotalMilliseconds:0.#} ms blocks, input latency {stats.InputLatencySeconds * 1000:0.#} ms")
            .AppendLine(source.Reconnects > 0 ? $", {source.Reconnects} reconnect(s)" : "");
        string sinkDrops = string.Join(", ", counters.Sinks.Select(s => $"{s.Key} {s.Value.Dropped}"));
        text.Append(invariant, $"  frames {counters.Frames}, readings {counters.Readings}; dropped: audio {counters.AudioDrops}, ")
            .Append(invariant, $"features {counters.FeatureDrops}{(sinkDrops.Length > 0 ? ", " + sinkDrops : "")}; ")
            .Append(invariant, $"ring overruns {source.Overruns} ({stats.DroppedFrames} device frames)")
            .AppendLine(stats.CallbackAllocatedBytes is null ? "" : $", host overflows {stats.HostOverflows}");
        var (pumpBytes, pumpFrames) = source.PumpAllocations;
        text.Append("  allocated after warm-up: ");
        if (stats.CallbackAllocatedBytes is { } callbackBytes)
        {
            text.Append(invariant, $"callback {callbackBytes} B over {stats.MeasuredCallbacks} callbacks, ");
        }
        text.Append(invariant, $"pump {pumpBytes} B over {pumpFrames} frames");
        text.AppendLine(stats.MaxLatenessMilliseconds is { } late ? string.Create(invariant, $"; file pacing at most {late:0.0} ms late") : "");
        // The managed heap beside the process's resident memory tells a leak of ours from native growth (a long
        // run's RSS slope is judged against it).
        text.Append(invariant, $"  memory: managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1048576.0:0.0} MB, ")
            .Append(invariant, $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), ")
            .AppendLine(string.Create(invariant, $"resident {Environment.WorkingSet / 1048576.0:0.0} MB"));
        if (dsp is not null)
        {
            text.AppendLine($"  live thread: capture, features and inference on one thread, {dsp.Describe()}");
        }
        text.AppendLine("  latency (ms)      frames   median      p99    p99.9      max");
        foreach (StageLatency stage in pipeline.Latency.Summarise())
        {
            text.Append(invariant, $"    {stage.Stage,-12} {stage.Count,8} {stage.MedianMicroseconds / 1000,8:0.000} ")
                .Append(invariant, $"{stage.P99Microseconds / 1000,8:0.000} {stage.P999Microseconds / 1000,8:0.000} ")
                .AppendLine(string.Create(invariant, $"{stage.MaxMicroseconds / 1000,8:0.000}"));
        }
        return text.ToString();
    }
}
