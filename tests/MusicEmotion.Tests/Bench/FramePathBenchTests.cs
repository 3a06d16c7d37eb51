using MusicEmotion.Bench;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Bench;

/// <summary>The bench's measuring loop: it runs the real path, records every stage, and itself allocates nothing.</summary>
public sealed class FramePathBenchTests
{
    [SkippableFact]
    public void TheManagedPathIsReportedAtZeroBytesPerFrame()
    {
        string reference = Requires.ReferenceData();
        using var engine = ManagedEmotionEngine.Load(Path.Combine(reference, "paper_emotion.onnx"));
        using var forecaster = ManagedForecaster.Load(Path.Combine(reference, "paper_predictor.onnx"), [1.0]);
        var bench = new FramePathBench(engine, forecaster, BenchFrames.FromFile(Path.Combine(reference, "music", "sad.wav")));
        bench.WarmUp(100);

        // The least of three stretches, as every allocation check here: a one-off runtime event (tiered compilation
        // swapping code in) may land in one stretch; a per-frame allocation shows in all of them.
        BenchMeasurement least = Enumerable.Range(0, 3).Select(_ => bench.MeasureBlock(200)).MinBy(m => m.AllocatedBytes)!;
        BenchReport report = BenchReport.Create(BenchMachines.Current(), Setup(), least);

        Assert.Equal(0, report.Resources.AllocatedBytesPerFrame);
        Assert.Equal(200, report.Throughput.Frames);
        Assert.All(report.Stages, stage => Assert.Equal(200, stage.Count));
    }

    [Fact]
    public void EveryStageIsRecordedAndTheWholeFrameCoversItsParts()
    {
        using var engine = new CountingEngine();
        using var forecaster = new LinearTrendForecaster();
        var bench = new FramePathBench(engine, forecaster, BenchFrames.Synthetic(count: 4));
        BenchMeasurement measurement = bench.Measure(new BenchPlan { Frames = 30, WarmUp = 5 });

        Assert.Equal(30, measurement.Frames);
        Assert.Equal(35, engine.Steps);
        BenchStages stages = measurement.Stages;
        Assert.Equal([30L, 30, 30, 30], new[] { stages.Features.Count, stages.Inference.Count, stages.Forecast.Count, stages.EndToEnd.Count });
        Assert.Equal(0, stages.WakeUp.Count);
        Assert.True(stages.EndToEnd.MinNanoseconds >= stages.Features.MinNanoseconds);
        Assert.True(stages.EndToEnd.MeanNanoseconds >= stages.Features.MeanNanoseconds + stages.Inference.MeanNanoseconds);
    }

    [Fact]
    public void PacedFramesRecordTheirWakeUpLateness()
    {
        using var engine = new CountingEngine();
        using var forecaster = new LinearTrendForecaster();
        var bench = new FramePathBench(engine, forecaster, BenchFrames.Synthetic(count: 2));
        BenchMeasurement measurement = bench.Measure(new BenchPlan { Duration = TimeSpan.FromSeconds(1.2), WarmUp = 0, Realtime = true });

        // Frames start at 0, 0.5 and 1.0 s of the 1.2 s.
        Assert.Equal(3, measurement.Frames);
        Assert.Equal(3, measurement.Stages.WakeUp.Count);
        Assert.True(measurement.Wall >= TimeSpan.FromSeconds(1.0));
    }

    [Fact]
    public void BlocksCombineIntoOneRun()
    {
        using var engine = new CountingEngine();
        using var forecaster = new LinearTrendForecaster();
        var bench = new FramePathBench(engine, forecaster, BenchFrames.Synthetic(count: 2));
        BenchMeasurement[] blocks = [bench.MeasureBlock(7), bench.MeasureBlock(5)];
        BenchMeasurement run = BenchMeasurement.Combine(blocks);

        Assert.Equal(12, run.Frames);
        Assert.Equal(12, run.Stages.EndToEnd.Count);
        Assert.Equal(blocks.Max(b => b.Stages.EndToEnd.MaxNanoseconds), run.Stages.EndToEnd.MaxNanoseconds);
        Assert.Equal(blocks[0].Wall + blocks[1].Wall, run.Wall);
    }

    private static BenchSetup Setup() =>
        new("sad.wav", 24, "managed", "managed", "", "paper_emotion", "paper_emotion.onnx", "paper_predictor", 1, 100, false, 0, null, "normal");

    /// <summary>A stand-in engine for tests of the loop itself (not of any model): it counts steps and reads its input.</summary>
    private sealed class CountingEngine : IEmotionEngine
    {
        public int Steps { get; private set; }

        public EngineInfo Info { get; } = new("probe", "probe", "probe", "probe.onnx", new ModelSignature(44, 128, 0, 0));

        public AffectPoint Step(ReadOnlySpan<float> features)
        {
            Steps++;
            return new AffectPoint(Math.Clamp(features[0] / 10, -1, 1), Math.Clamp(features[^1] / 10, -1, 1));
        }

        public void Reset()
        {
        }

        public LstmState SnapshotState() => LstmState.Empty;

        public void RestoreState(LstmState state)
        {
        }

        public void Dispose()
        {
        }
    }
}
