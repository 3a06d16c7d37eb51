using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.TestSupport.Onnx;
using MusicEmotion.Tests.Inference.Managed;
using Xunit.Abstractions;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Onnx;

/// <summary>
/// The generated models the tests and benchmarks rely on are real ONNX models: the onnx package's checker
/// accepts them, and torch, given the same weights, computes what the managed engine computes.
/// </summary>
public sealed class RandomLstmModelTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("random-lstm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void OnnxCheckerAcceptsTheWrittenModels()
    {
        Python.Require("torch", "onnx", "numpy");
        string[] paths =
        [
            Path.Combine(_dir, "h20x4.onnx"),
            Path.Combine(_dir, "h32x2.onnx"),
            Path.Combine(_dir, "h64x1.onnx"),
        ];
        RandomLstmModel.Write(paths[0], layers: 4, hidden: 20, seed: 1);
        RandomLstmModel.Write(paths[1], layers: 2, hidden: 32, seed: 2);
        RandomLstmModel.Write(paths[2], layers: 1, hidden: 64, seed: 3);
        string report = Python.RunTestScript("Inference/Onnx/onnx_check_model.py", paths);
        Assert.Equal(3, report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": ok", StringComparison.Ordinal)));
    }

    [SkippableTheory]
    [InlineData(2, 20, ManagedKernel.Avx512)]
    [InlineData(3, 32, ManagedKernel.Avx512)]
    [InlineData(2, 64, ManagedKernel.Avx512)]
    [InlineData(2, 20, ManagedKernel.Avx2)]
    [InlineData(3, 32, ManagedKernel.Avx2)]
    [InlineData(2, 64, ManagedKernel.Avx2)]
    [InlineData(2, 20, ManagedKernel.Scalar)]
    public void TorchOnTheSameWeightsAgreesOverConsecutiveFrames(int layers, int hidden, ManagedKernel kernel)
    {
        KernelSupport.Require(kernel);
        Python.Require("torch", "onnx", "numpy");
        const int frames = 12;
        string model = Path.Combine(_dir, "model.onnx");
        RandomLstmModel.Write(model, layers, hidden, seed: 100 + hidden);
        float[] input = GaussianFrames(frames, seed: hidden);
        NpyFile.Write(Path.Combine(_dir, "frames.npy"), input, frames, ManagedEmotionEngine.Frames, ManagedEmotionEngine.Bands);
        Python.RunTestScript("Inference/Onnx/torch_lstm_reference.py", model, Path.Combine(_dir, "frames.npy"), _dir);
        float[] expectedAv = NpyFile.Read(Path.Combine(_dir, "av.npy")).Data;
        float[] expectedState = NpyFile.Read(Path.Combine(_dir, "state.npy")).Data;

        using var engine = ManagedEmotionEngine.Load(model, kernel);
        var readings = new AffectPoint[frames];
        engine.Run(input, readings);
        float worst = 0;
        for (int i = 0; i < frames; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(readings[i].Arousal - expectedAv[2 * i]));
            worst = MathF.Max(worst, MathF.Abs(readings[i].Valence - expectedAv[2 * i + 1]));
        }
        LstmState state = engine.SnapshotState();
        float[] both = [.. state.H, .. state.C];
        float worstState = both.Zip(expectedState, (a, e) => MathF.Abs(a - e) / MathF.Max(1f, MathF.Abs(e))).Max();
        float swing = readings.Max(r => MathF.Abs(r.Arousal));
        output.WriteLine($"{layers}x{hidden} {kernel}: max abs error av {worst:E2}, state {worstState:E2} (relative beyond 1); |arousal| up to {swing:F2}");
        Assert.InRange(worst, 0f, 1e-5f);
        Assert.InRange(worstState, 0f, 1e-5f);
        Assert.True(swing > 0.3f, "the random model should swing, or the comparison proves little");
    }

    private static float[] GaussianFrames(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * ManagedEmotionEngine.Frames * ManagedEmotionEngine.Bands];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        return values;
    }
}
