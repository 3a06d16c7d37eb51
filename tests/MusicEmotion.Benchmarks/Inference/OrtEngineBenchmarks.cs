using BenchmarkDotNet.Attributes;
using MusicEmotion.Inference;
using MusicEmotion.Inference.OnnxRuntime;

namespace MusicEmotion.Benchmarks.Inference;

/// <summary>
/// One Step of the ONNX Runtime engine on the CPU provider (one thread, as shipped): a frame copied into the bound
/// input, one native run, the reading read back. The paper's stateless model runs as a batch of one; the
/// stateful model also carries its state.
/// </summary>
[MemoryDiagnoser]
public class OrtEngineBenchmarks
{
    private OrtEmotionEngine _engine = null!;
    private float[] _frame = [];

    /// <summary>The emotion models present here: paper_emotion.onnx (stateless) and stateful_random.onnx.</summary>
    public static IEnumerable<string> Models => OrtBenchmarkModels.Present("paper_emotion.onnx", "stateful_random.onnx");

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _engine = OrtEmotionEngine.Load(Path.Combine(OrtBenchmarkModels.ReferenceDirectory()!, Model));
        var random = new Random(1);
        _frame = new float[_engine.Info.Signature.FrameSize];
        for (int i = 0; i < _frame.Length; i++)
        {
            _frame[i] = (float)(random.NextDouble() * 4 - 2);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public AffectPoint Step() => _engine.Step(_frame);
}
