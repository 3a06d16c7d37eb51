using MusicEmotion.Audio;

namespace MusicEmotion.Pipeline.Diagnostics;

/// <summary>
/// Per-stage latency of the real path, from the timestamps each frame collected on its way: how long framing
/// (ring/decoder to a complete frame), features, inference and the hand-off to the sinks took, and the whole
/// path from the frame's last sample arriving to its reading being published. Recorded by the one thread that
/// publishes readings; read for reports at the end or on demand.
/// </summary>
public sealed class LatencyReport
{
    public static IReadOnlyList<string> StageNames { get; } = ["framing", "features", "inference", "publish", "end-to-end"];

    private readonly LatencyHistogram[] _stages = StageNames.Select(_ => new LatencyHistogram()).ToArray();

    public LatencyHistogram Stage(int index) => _stages[index];

    public LatencyHistogram EndToEnd => _stages[^1];

    public void Record(in FrameTimeline timeline)
    {
        Record(0, timeline.Captured, timeline.Framed);
        Record(1, timeline.Framed, timeline.Featured);
        Record(2, timeline.Featured, timeline.Inferred);
        Record(3, timeline.Inferred, timeline.Published);
        Record(4, timeline.Captured, timeline.Published);
    }

    /// <summary>Median, p99, p99.9 and max of each stage in microseconds, for tables and status lines.</summary>
    public IReadOnlyList<StageLatency> Summarise() =>
        StageNames.Select((name, i) => new StageLatency(
            name,
            _stages[i].Count,
            _stages[i].ValueAtPercentile(50) / 1e3,
            _stages[i].ValueAtPercentile(99) / 1e3,
            _stages[i].ValueAtPercentile(99.9) / 1e3,
            _stages[i].Count == 0 ? 0 : _stages[i].MaxNanoseconds / 1e3)).ToList();

    private void Record(int stage, long from, long to)
    {
        if (from != 0 && to != 0)
        {
            _stages[stage].RecordTicks(to - from);
        }
    }
}

/// <param name="Stage">Stage name.</param>
/// <param name="Count">Frames measured.</param>
/// <param name="MedianMicroseconds">50th percentile.</param>
/// <param name="P99Microseconds">99th percentile.</param>
/// <param name="P999Microseconds">99.9th percentile.</param>
/// <param name="MaxMicroseconds">Worst frame.</param>
public sealed record StageLatency(string Stage, long Count, double MedianMicroseconds, double P99Microseconds, double P999Microseconds, double MaxMicroseconds);
