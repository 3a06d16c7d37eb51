using MusicEmotion.Native;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>Preconditions and paths shared by the ONNX Runtime tests.</summary>
internal static class OrtModels
{
    public const string PaperEmotion = "paper_emotion.onnx";
    public const string PaperPredictor = "paper_predictor.onnx";
    public const string StatefulRandom = "stateful_random.onnx";

    /// <summary>The paper's predictor was trained on targets two half-second steps ahead.</summary>
    public static readonly IReadOnlyList<double> PaperHorizon = [1.0];

    /// <summary>Skips (fails in CI) unless the ONNX Runtime library loads.</summary>
    public static void RequireRuntime() =>
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.OnnxRuntime), "the ONNX Runtime library (NuGet Microsoft.ML.OnnxRuntime, beside the build)");

    /// <summary>The reference folder, after checking that both it and the runtime are there.</summary>
    public static string RequireReference()
    {
        string directory = Requires.ReferenceData();
        RequireRuntime();
        return directory;
    }

    public static string Path(string model) => System.IO.Path.Combine(RequireReference(), model);
}
