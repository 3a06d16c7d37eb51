using MusicEmotion.Inference.OnnxRuntime;
using MusicEmotion.Native.OnnxRuntime;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>Every way loading can fail ends in one line that names the file or provider and what was expected.</summary>
public sealed class OrtEngineBadInputTests : IDisposable
{
    private readonly TempFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void MissingFileIsNamed()
    {
        string path = _scratch.File("absent.onnx");
        var error = Assert.Throws<FileNotFoundException>(() => OrtEmotionEngine.Load(path));
        AssertOneLineAbout(path, error);
        Assert.Throws<FileNotFoundException>(() => OrtForecaster.Load(path, OrtModels.PaperHorizon));
    }

    [SkippableFact]
    public void RandomBytesAreNotAModel()
    {
        OrtModels.RequireRuntime();
        string path = _scratch.File("noise.onnx");
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => OrtEmotionEngine.Load(path));
        AssertOneLineAbout(path, error);
        Assert.Contains("ONNX Runtime cannot load this model", error.Message, StringComparison.Ordinal);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
    }

    [SkippableFact]
    public void TruncatedModelIsRejected()
    {
        string path = _scratch.File("half.onnx");
        byte[] model = File.ReadAllBytes(OrtModels.Path(OrtModels.StatefulRandom));
        File.WriteAllBytes(path, model[..(model.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => OrtEmotionEngine.Load(path));
        AssertOneLineAbout(path, error);
    }

    [SkippableTheory]
    [InlineData("mel", new long[] { 1, 40, 128 }, "input 'mel' is [1,40,128], expected [*,44,128]")]
    [InlineData("mel", new long[] { 44, 128 }, "input 'mel' is [44,128], expected [*,44,128]")]
    [InlineData("spectrogram", new long[] { 1, 44, 128 }, "no input named 'mel' (the model has 'spectrogram' [1,44,128])")]
    public void ModelOutsideTheContractIsRejected(string input, long[] shape, string expected)
    {
        OrtModels.RequireRuntime();
        string path = _scratch.File("contract_breaker.onnx");
        PythonOnnxModelWriter.WriteIdentity(path, input, shape);

        var error = Assert.Throws<InvalidDataException>(() => OrtEmotionEngine.Load(path));
        AssertOneLineAbout(path, error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ForecasterIsNotAnEmotionModel()
    {
        string path = OrtModels.Path(OrtModels.PaperPredictor);
        var error = Assert.Throws<InvalidDataException>(() => OrtEmotionEngine.Load(path));
        AssertOneLineAbout(path, error);
        Assert.Contains("no input named 'mel'", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void DirectMLOutsideWindowsFailsAtOnce()
    {
        Requires.Platform(!OperatingSystem.IsWindows(), "Windows: DirectML may start there");
        string path = _scratch.File("any.onnx");
        var error = Assert.Throws<OrtProviderUnavailableException>(
            () => OrtEmotionEngine.Load(path, new OrtEngineOptions { Provider = OrtProvider.DirectML }));
        Assert.Equal("ONNX Runtime provider 'dml' is not available: DirectML runs only on Windows", error.Message);
    }

    [SkippableFact]
    public void CudaOnTheCpuBuildSaysHowToGetIt()
    {
        string path = OrtModels.Path(OrtModels.StatefulRandom);
        // The default build carries ORT's CPU build, which has no CUDA entry point; the reason names the build
        // property that brings ORT's CUDA build instead of .NET's "entry point not found".
        var error = Assert.Throws<OrtProviderUnavailableException>(
            () => OrtEmotionEngine.Load(path, new OrtEngineOptions { Provider = OrtProvider.Cuda }));
        Assert.Equal(OrtProvider.Cuda, error.Provider);
        Assert.StartsWith("ONNX Runtime provider 'cuda' is not available: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Contains("is the CPU build (no OrtSessionOptionsAppendExecutionProvider_CUDA export)", error.Reason, StringComparison.Ordinal);
        Assert.Contains("-p:MusicEmotionCuda=true", error.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AutoFallsBackToCpuAndSaysWhy()
    {
        string path = OrtModels.Path(OrtModels.StatefulRandom);
        using var engine = OrtEmotionEngine.Load(path, new OrtEngineOptions { Provider = OrtProvider.Auto });

        Assert.Equal("cpu", engine.Info.Provider);
        Assert.Matches(@"^auto: cpu \d+ us/step \(chosen\)", engine.Info.Note);
        if (OrtProviders.ForThisPlatform.Contains(OrtProvider.Cuda))
        {
            Assert.Matches(@"; cuda unavailable: \S", engine.Info.Note);
        }
        Assert.DoesNotContain('\n', engine.Info.Note);
        Assert.Equal(0f, engine.SnapshotState().H.Max(MathF.Abs));
    }

    [Fact]
    public void ProviderNamesParse()
    {
        Assert.Equal(OrtProvider.DirectML, OrtProviders.Parse("DML"));
        Assert.Equal("dml", OrtProvider.DirectML.Name());
        foreach (OrtProvider provider in Enum.GetValues<OrtProvider>())
        {
            Assert.Equal(provider, OrtProviders.Parse(provider.Name()));
        }
        var error = Assert.Throws<ArgumentException>(() => OrtProviders.Parse("tpu"));
        Assert.StartsWith("unknown ONNX Runtime provider 'tpu': expected cpu, cuda, dml or auto", error.Message, StringComparison.Ordinal);
    }

    private static void AssertOneLineAbout(string path, Exception error)
    {
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
