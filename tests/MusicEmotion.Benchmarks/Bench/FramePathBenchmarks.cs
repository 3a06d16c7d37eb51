using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using MusicEmotion.Bench;
using MusicEmotion.Benchmarks.Inference;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;

namespace MusicEmotion.Benchmarks.Bench;

/// <summary>
/// One frame of the path <c>musicemotion bench</c> times — features, engine step, forecast, through the same
/// <see cref="FramePathBench"/> loop — on the paper-size model and each managed kernel, so the command's numbers and
/// BenchmarkDotNet's can be set side by side. Target on the 2-core machine: median at most 250 us, no allocation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyColumns))]
public class FramePathBenchmarks
{
    private FramePathBench _bench = null!;
    private ManagedEmotionEngine _engine = null!;
    private LinearTrendForecaster _forecaster = null!;
    private BenchStages _stages = null!;

    [Params(ManagedKernel.Avx512, ManagedKernel.Avx2, ManagedKernel.Scalar)]
    public ManagedKernel Kernel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = ManagedEmotionEngine.Create(BenchmarkModels.Network(BenchmarkModels.Paper), Kernel);
        _forecaster = new LinearTrendForecaster();
        _bench = new FramePathBench(_engine, _forecaster, BenchFrames.Synthetic(count: 16));
        _stages = new BenchStages();
        _bench.WarmUp(50);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _forecaster.Dispose();
    }

    [Benchmark(Description = "features + engine step + forecast, one frame")]
    public long Frame()
    {
        _bench.Run(1, _stages);
        return _stages.EndToEnd.Count;
    }

    private sealed class LatencyColumns : ManualConfig
    {
        public LatencyColumns() => AddColumn(StatisticColumn.Median, new PercentileColumn(99));
    }
}
