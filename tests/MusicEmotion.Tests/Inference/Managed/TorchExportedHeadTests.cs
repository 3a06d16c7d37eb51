using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Onnx;
using Xunit.Abstractions;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Managed;

/// <summary>Exports the head-variant models with torch once for the whole class (see export_torch_heads.py).</summary>
public sealed class TorchHeadModels : IDisposable
{
    private readonly Lazy<string> _directory = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("torch-heads-").FullName;
        Python.RunTestScript("Inference/Managed/export_torch_heads.py", dir);
        return dir;
    });

    public string Path(string file) => System.IO.Path.Combine(_directory.Value, file);

    public void Dispose()
    {
        if (_directory.IsValueCreated)
        {
            Directory.Delete(_directory.Value, recursive: true);
        }
    }
}

/// <summary>
/// Models with the heads our own trained models may end in, exported by torch 1.13 itself: the lowering must
/// find the same network torch ran, and the engine must compute what torch computed.
/// </summary>
public sealed class TorchExportedHeadTests(TorchHeadModels models, ITestOutputHelper output) : IClassFixture<TorchHeadModels>
{
    [SkippableFact]
    public void MlpHeadOnAStatefulModelMatchesTorchWithTheStateCarried()
    {
        Python.Require("torch", "onnx", "numpy");
        LstmNetwork network = LstmNetwork.Load(models.Path("mlp_head.onnx"));
        Assert.True(network.IsStateful);
        Assert.Equal(
            ["Dense 16->8", "Relu", "Dense 8->2", "Tanh"],
            network.Head.Select(Describe));

        RunFramesAgainstTorch(network, "mlp_head");
    }

    [SkippableFact]
    public void SigmoidHeadOnASlicedStepWithMatMulAddAndReshapeMatchesTorch()
    {
        Python.Require("torch", "onnx", "numpy");
        LstmNetwork network = LstmNetwork.Load(models.Path("sigmoid_head.onnx"));
        Assert.False(network.IsStateful);
        Assert.Equal(43, network.HeadStep);
        Assert.Equal(["Dense 12->2", "Bias 2", "Sigmoid"], network.Head.Select(Describe));
        Assert.Equal([1L, 2L], network.OutputShape);

        RunFramesAgainstTorch(network, "sigmoid_head");
    }

    [SkippableFact]
    public void MultiStepForecasterReshapedToStepsMatchesTorch()
    {
        Python.Require("torch", "onnx", "numpy");
        using var forecaster = ManagedForecaster.Load(models.Path("forecaster3.onnx"), [0.5, 1.0, 1.5]);
        Assert.Equal((10, 3), (forecaster.Info.HistoryLength, forecaster.Info.Steps));
        float[] windows = NpyFile.Read(models.Path("forecaster3.input.npy")).Data;
        float[] expected = NpyFile.Read(models.Path("forecaster3.expected.npy")).Data;
        int count = windows.Length / 20;
        var predicted = new AffectPoint[count * 3];
        for (int w = 0; w < count; w++)
        {
            AffectPoint[] history = [.. Enumerable.Range(0, 10).Select(i => new AffectPoint(windows[w * 20 + 2 * i], windows[w * 20 + 2 * i + 1]))];
            forecaster.Predict(history, predicted.AsSpan(w * 3, 3));
        }
        AssertClose(predicted, expected, "forecaster3");
    }

    [SkippableFact]
    public void ForecasterRejectsAHorizonListThatDoesNotFitItsOutput()
    {
        Python.Require("torch", "onnx", "numpy");
        string path = models.Path("forecaster3.onnx");
        var error = Assert.Throws<OnnxModelException>(() => ManagedForecaster.Load(path, [1.0]));
        Assert.Equal($"{path}: output is [1,3,2], which does not hold 1 (arousal, valence) points, one per horizon given", error.Message);
    }

    /// <summary>Runs NAME.input.npy through the engine in order and compares with NAME.expected.npy.</summary>
    private void RunFramesAgainstTorch(LstmNetwork network, string name)
    {
        using var engine = ManagedEmotionEngine.Create(network);
        float[] frames = NpyFile.Read(models.Path($"{name}.input.npy")).Data;
        float[] expected = NpyFile.Read(models.Path($"{name}.expected.npy")).Data;
        var readings = new AffectPoint[expected.Length / 2];
        engine.Run(frames, readings);
        AssertClose(readings, expected, name);
    }

    private void AssertClose(AffectPoint[] actual, float[] expected, string model)
    {
        Assert.Equal(expected.Length, 2 * actual.Length);
        float worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(actual[i].Arousal - expected[2 * i]));
            worst = MathF.Max(worst, MathF.Abs(actual[i].Valence - expected[2 * i + 1]));
        }
        output.WriteLine($"{model}: max abs error {worst:E2} over {actual.Length} points");
        Assert.InRange(worst, 0f, 1e-5f);
    }

    private static string Describe(HeadOperation operation) => operation switch
    {
        DenseOperation d => $"Dense {d.InputSize}->{d.OutputSize}",
        BiasOperation b => $"Bias {b.OutputSize}",
        ActivationOperation a => a.Kind.ToString(),
        _ => operation.GetType().Name,
    };
}
