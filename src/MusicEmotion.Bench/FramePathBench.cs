using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Features;
using MusicEmotion.Inference;

namespace MusicEmotion.Bench;

/// <summary>
/// Times the per-frame path live runs — <see cref="FeatureExtractor"/> then <see cref="EmotionTracker"/> (engine
/// step, forecast) — on the calling thread, one frame after another, cycling through <see cref="BenchFrames"/>.
/// Each stage's time goes into a log-bucketed histogram; the loop itself allocates nothing, so a frame that
/// allocates shows in <see cref="BenchMeasurement.AllocatedBytesPerFrame"/>. The engine and forecaster are borrowed.
/// </summary>
public sealed class FramePathBench
{
    private static readonly long PeriodTicks = (long)(FrameLayout.FrameSeconds * Stopwatch.Frequency);

    private readonly BenchFrames _frames;
    private readonly TimedEngine _engine;
    private readonly TimedForecaster _forecaster;
    private readonly EmotionTracker _tracker;
    private readonly FeatureExtractor _extractor = new();
    private readonly FeatureFrame _features = new();
    private int _next;

    public FramePathBench(IEmotionEngine engine, IForecaster forecaster, BenchFrames frames)
    {
        _frames = frames ?? throw new ArgumentNullException(nameof(frames));
        _engine = new TimedEngine(engine ?? throw new ArgumentNullException(nameof(engine)));
        _forecaster = new TimedForecaster(forecaster ?? throw new ArgumentNullException(nameof(forecaster)));
        _tracker = new EmotionTracker(_engine, _forecaster);
    }

    /// <summary>Runs <paramref name="frames"/> frames unmeasured and starts the stream again from a fresh state.</summary>
    public void WarmUp(int frames)
    {
        var discard = new BenchStages();
        for (int i = 0; i < frames; i++)
        {
            RunFrame(discard);
        }
        _tracker.Reset();
        _next = 0;
    }

    /// <summary>Runs <paramref name="frames"/> frames back to back into <paramref name="into"/>: one block of an interleaved comparison.</summary>
    public void Run(int frames, BenchStages into)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (int i = 0; i < frames; i++)
        {
            RunFrame(into);
        }
    }

    /// <summary>The measured run of <paramref name="plan"/> (after its warm-up), with what it cost the process.</summary>
    public BenchMeasurement Measure(BenchPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        WarmUp(plan.WarmUp);
        long limitTicks = plan.Duration is { } duration ? (long)(duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        long frameLimit = plan.Duration is null ? plan.Frames : long.MaxValue;
        return Measure(frameLimit, limitTicks, plan.Realtime, cancellationToken);
    }

    /// <summary>
    /// <paramref name="frames"/> frames back to back, measured, without a warm-up: one block of an interleaved
    /// comparison (the caller warms up once with <see cref="WarmUp"/>).
    /// </summary>
    public BenchMeasurement MeasureBlock(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        return Measure(frames, long.MaxValue, realtime: false, CancellationToken.None);
    }

    private BenchMeasurement Measure(long frameLimit, long limitTicks, bool realtime, CancellationToken cancellationToken)
    {
        var stages = new BenchStages();
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        long frames = 0;
        while (frames < frameLimit && !cancellationToken.IsCancellationRequested)
        {
            if (realtime)
            {
                long due = start + (frames * PeriodTicks);
                if (due - start >= limitTicks)
                {
                    break;
                }
                WaitUntil(due);
                stages.WakeUp.RecordTicks(Math.Max(0, Stopwatch.GetTimestamp() - due));
            }
            else if (Stopwatch.GetTimestamp() - start >= limitTicks)
            {
                break;
            }
            RunFrame(stages);
            frames++;
        }
        long end = Stopwatch.GetTimestamp();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        int[] collections =
        [
            GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2],
        ];
        process.Refresh();
        return new BenchMeasurement(
            stages, frames, Stopwatch.GetElapsedTime(start, end), allocated, collections, process.TotalProcessorTime - cpuBefore);
    }

    private void RunFrame(BenchStages stages)
    {
        AudioFrame frame = _frames.Frames[_next];
        _next = (_next + 1) % _frames.Count;

        long start = Stopwatch.GetTimestamp();
        _extractor.Extract(frame, _features);
        long featured = Stopwatch.GetTimestamp();
        _tracker.Process(_features);
        long done = Stopwatch.GetTimestamp();

        stages.Features.RecordTicks(featured - start);
        stages.EndToEnd.RecordTicks(done - start);
        _engine.LastStep.MoveTo(stages.Inference);
        _forecaster.LastPrediction.MoveTo(stages.Forecast);
    }

    /// <summary>
    /// Sleeps until <paramref name="due"/> as a thread waiting for its next frame does; the scheduler's lateness in
    /// waking it is what the wake-up histogram shows. Sleeping rounds to milliseconds, so the last one is spun.
    /// </summary>
    private static void WaitUntil(long due)
    {
        long ahead = due - Stopwatch.GetTimestamp();
        long sleepMilliseconds = (ahead * 1000 / Stopwatch.Frequency) - 1;
        if (sleepMilliseconds > 0)
        {
            Thread.Sleep((int)sleepMilliseconds);
        }
        while (Stopwatch.GetTimestamp() < due)
        {
            Thread.SpinWait(20);
        }
    }
}
