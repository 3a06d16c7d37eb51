using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Native.Posix;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// The live path (paced ring, pump, drop-oldest channels) fed from a file at real-time pace: it must give the file
/// path's readings exactly, stop cleanly, report a failing input after what it delivered, and drop (counting) rather
/// than stall when a stage falls behind.
/// </summary>
public sealed class CaptureFrameSourceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task AFilePlayedThroughTheLivePathGivesTheFilePathsReadingsExactly()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        string excerpt = AudioExcerpt.Write(_folder, sessions.Music("sad_48k.wav"), 3.2);
        var sink = new CollectingSink();
        using var source = new CaptureFrameSource(() => new PacedFileCapture(excerpt));

        var clock = Stopwatch.StartNew();
        SessionSummary summary = await LiveSessions.RunAsync(sessions.Tracker(), source, PipelineOptions.Live, sink);
        TimeSpan elapsed = clock.Elapsed;
        IReadOnlyList<EmotionReading> expected = await sessions.FilePathReadingsAsync(excerpt);

        Assert.Null(summary.Error);
        Assert.False(summary.Cancelled);
        Assert.Equal(0, summary.Counters.TotalDrops);
        Assert.Equal(expected.Count, sink.Readings.Count);
        Assert.Equal(0, ReadingComparison.MaxDifference(sink.Readings, expected, expected.Count));
        // Real-time pace: the run cannot end before its audio would have played.
        Assert.True(elapsed >= TimeSpan.FromSeconds(3.2), $"3.2 s of audio played in {elapsed.TotalSeconds:0.00} s");
        Assert.Equal((0L, true), (source.PumpAllocations.Bytes, source.PumpAllocations.Frames > 0));
    }

    [SkippableFact]
    public async Task StoppingDrainsWhatWasCapturedAndReportsTheTail()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        var sink = new CollectingSink();
        using var source = new CaptureFrameSource(() => new PacedFileCapture(sessions.Music("frantic.wav")));
        using var stop = new CancellationTokenSource();
        // Stop 0.3 s after the second reading, mid-frame: counted from the readings rather than from the start, since
        // opening the session takes longer on a busy machine.
        Task stopper = Task.Run(async () =>
        {
            while (sink.Received.Count < 2)
            {
                await Task.Delay(10);
            }
            stop.CancelAfter(TimeSpan.FromSeconds(0.3));
        });

        SessionSummary summary = await LiveSessions.RunAsync(sessions.Tracker(), source, PipelineOptions.Live, sink, stop.Token);
        await stopper;

        Assert.True(summary.Cancelled);
        Assert.Null(summary.Error);
        Assert.InRange(sink.Readings.Count, 2, 4);
        Assert.Equal(Enumerable.Range(0, sink.Readings.Count).Select(i => (long)i), sink.Readings.Select(r => r.Sequence));
        Assert.InRange(summary.TailSamples, 0, FrameLayout.FrameLength - 1);
        Assert.Equal(summary.Counters.Readings, sink.Readings.Count);
    }

    [SkippableFact]
    public async Task AnInputThatBreaksOffEndsTheSessionAfterDeliveringWhatCameBefore()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        // A WAV whose header promises more than it holds: the decoder reports it when the data runs out.
        float[] samples = Signals.Noise(44_100 * 2, seed: 9, amplitude: 0.3);
        byte[] whole = TestWav.Float32(44_100, 1, samples);
        string truncated = _folder.Write("truncated.wav", whole[..(whole.Length - 44_100 * 2)]);
        var sink = new CollectingSink();
        using var source = new CaptureFrameSource(() => new PacedFileCapture(truncated));

        SessionSummary summary = await LiveSessions.RunAsync(sessions.Tracker(), source, PipelineOptions.Live, sink);

        Assert.NotNull(summary.Error);
        Assert.StartsWith(truncated, summary.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, sink.Readings.Count);
    }

    [SkippableFact]
    public async Task AStageThatFallsBehindLosesItsOldestFramesCountedWhileThePumpNeverWaits()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        using var engine = new SlowEngine(ManagedEmotionEngine.Load(sessions.ModelPath), TimeSpan.FromSeconds(1.5));
        var sink = new CollectingSink();
        using var source = new CaptureFrameSource(() => new PacedFileCapture(sessions.Music("frantic.wav"), ringSeconds: 0.5));

        SessionSummary summary = await LiveSessions.RunAsync(sessions.Tracker(engine), source, PipelineOptions.Live, sink);

        // 24 frames in 12 s, each taking 1.5 s to infer: most must be dropped, at the channels, never in the ring.
        Assert.Null(summary.Error);
        Assert.True(summary.Counters.AudioDrops + summary.Counters.FeatureDrops >= 10, Describe(summary));
        Assert.Equal(0, source.Overruns);
        Assert.Equal(24, summary.Counters.Readings + summary.Counters.AudioDrops + summary.Counters.FeatureDrops);
        // The newest audio wins: the last frame is analysed even though most before it were dropped.
        Assert.Equal(23, sink.Readings[^1].Sequence);
    }

    [SkippableFact]
    public async Task OnTheDspThreadEveryStepRunsOnThePinnedPumpAndTheReadingsAreTheFilePathsExactly()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        string excerpt = AudioExcerpt.Write(_folder, sessions.Music("sad_48k.wav"), 3.2);
        int cpu = ThreadAffinity.LastAllowedCpu();
        using var engine = new WhereEngine(ManagedEmotionEngine.Load(sessions.ModelPath));
        var sink = new CollectingSink();
        var options = new CaptureSourceOptions { DspThread = new DspThreadOptions { Cpu = cpu } };
        using var source = new CaptureFrameSource(() => new PacedFileCapture(excerpt), options);

        SessionSummary summary = await LiveSessions.RunAsync(sessions.Tracker(engine), source, PipelineOptions.LiveOnDspThread, sink);
        IReadOnlyList<EmotionReading> expected = await sessions.FilePathReadingsAsync(excerpt);

        Assert.Null(summary.Error);
        Assert.Equal(0, summary.Counters.TotalDrops);
        Assert.Equal(expected.Count, sink.Readings.Count);
        Assert.Equal(0, ReadingComparison.MaxDifference(sink.Readings, expected, expected.Count));
        // Features and inference happen inside the pump now, so its zero counts them too.
        Assert.Equal((0L, true), (source.PumpAllocations.Bytes, source.PumpAllocations.Frames > 0));
        Assert.Equal(expected.Count, engine.Steps);
        Assert.Equal(["live dsp"], engine.Threads.Distinct());
        Assert.Equal([cpu], engine.Cpus.Distinct());
    }

    [SkippableFact]
    public async Task OnTheDspThreadASlowEngineOverrunsTheCaptureRingCountedAndNothingQueues()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        string excerpt = AudioExcerpt.Write(_folder, sessions.Music("frantic.wav"), 6);
        using var engine = new SlowEngine(ManagedEmotionEngine.Load(sessions.ModelPath), TimeSpan.FromSeconds(1.5));
        var sink = new CollectingSink();
        var options = new CaptureSourceOptions { DspThread = new DspThreadOptions() };
        using var source = new CaptureFrameSource(() => new PacedFileCapture(excerpt, ringSeconds: 0.5), options);

        SessionSummary summary = await LiveSessions.RunAsync(sessions.Tracker(engine), source, PipelineOptions.LiveOnDspThread, sink);

        // 12 frames in 6 s, each taking 1.5 s: the one thread cannot keep up, and the audio it missed is lost where
        // it arrives (the ring), never queued behind the engine in a channel.
        Assert.Null(summary.Error);
        Assert.True(source.Overruns > 0, Describe(summary));
        Assert.Equal(0, summary.Counters.AudioDrops + summary.Counters.FeatureDrops);
        Assert.InRange(summary.Counters.Readings, 1, 11);
        Assert.Equal(summary.Counters.Readings, sink.Readings.Count);
    }

    private static string Describe(SessionSummary summary) =>
        $"readings {summary.Counters.Readings}, audio drops {summary.Counters.AudioDrops}, feature drops {summary.Counters.FeatureDrops}";

    /// <summary>The real engine, noting the thread and CPU of every step into arrays it made beforehand.</summary>
    private sealed class WhereEngine(IEmotionEngine inner) : IEmotionEngine
    {
        private readonly string?[] _threads = new string?[256];
        private readonly int[] _cpus = new int[256];

        public int Steps { get; private set; }

        public IEnumerable<string?> Threads => _threads.Take(Steps);

        public IEnumerable<int> Cpus => _cpus.Take(Steps);

        public EngineInfo Info => inner.Info;

        public AffectPoint Step(ReadOnlySpan<float> features)
        {
            _threads[Steps] = Thread.CurrentThread.Name;
            _cpus[Steps] = Thread.GetCurrentProcessorId();
            Steps++;
            return inner.Step(features);
        }

        public void Reset() => inner.Reset();

        public LstmState SnapshotState() => inner.SnapshotState();

        public void RestoreState(LstmState state) => inner.RestoreState(state);

        public void Dispose() => inner.Dispose();
    }

    /// <summary>The real engine, made slow on purpose, to overload the live path.</summary>
    private sealed class SlowEngine(IEmotionEngine inner, TimeSpan delay) : IEmotionEngine
    {
        public EngineInfo Info => inner.Info;

        public AffectPoint Step(ReadOnlySpan<float> features)
        {
            Thread.Sleep(delay);
            return inner.Step(features);
        }

        public void Reset() => inner.Reset();

        public LstmState SnapshotState() => inner.SnapshotState();

        public void RestoreState(LstmState state) => inner.RestoreState(state);

        public void Dispose() => inner.Dispose();
    }
}
