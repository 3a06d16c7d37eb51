using BenchmarkDotNet.Attributes;
using MusicEmotion.Inference;
using MusicEmotion.Inference.OnnxRuntime;

namespace MusicEmotion.Benchmarks.Inference;

/// <summary>One Predict of the paper's forecaster on ONNX Runtime's CPU provider: ten readings in, one point out.</summary>
[MemoryDiagnoser]
public class OrtForecasterBenchmarks
{
    private readonly AffectPoint[] _history = new AffectPoint[10];
    private readonly AffectPoint[] _next = new AffectPoint[1];
    private OrtForecaster _forecaster = null!;

    public static IEnumerable<string> Models => OrtBenchmarkModels.Present("paper_predictor.onnx");

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _forecaster = OrtForecaster.Load(Path.Combine(OrtBenchmarkModels.ReferenceDirectory()!, Model), [1.0]);
        for (int i = 0; i < _history.Length; i++)
        {
            _history[i] = new AffectPoint(0.05f * i, 0.1f - 0.02f * i);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _forecaster.Dispose();

    [Benchmark]
    public AffectPoint Predict()
    {
        _forecaster.Predict(_history, _next);
        return _next[0];
    }
}
