using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;

namespace MusicEmotion.Benchmarks.Inference;

/// <summary>
/// One Step of the managed engine: a whole 44-step frame through every LSTM layer and the head. Target for the
/// paper model: median at most 60 us, p99 at most three times the median, no allocation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyColumns))]
public class ManagedEngineBenchmarks
{
    private ManagedEmotionEngine _engine = null!;
    private float[] _frame = [];

    [Params(BenchmarkModels.Paper, BenchmarkModels.Random32, BenchmarkModels.Random64)]
    public string Model { get; set; } = BenchmarkModels.Paper;

    [Params(ManagedKernel.Avx512, ManagedKernel.Avx2, ManagedKernel.Scalar)]
    public ManagedKernel Kernel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = ManagedEmotionEngine.Create(BenchmarkModels.Network(Model), Kernel);
        _frame = BenchmarkModels.ZScoredFrame(seed: 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public AffectPoint Step() => _engine.Step(_frame);

    private sealed class LatencyColumns : ManualConfig
    {
        public LatencyColumns() => AddColumn(StatisticColumn.Median, new PercentileColumn(99));
    }
}
