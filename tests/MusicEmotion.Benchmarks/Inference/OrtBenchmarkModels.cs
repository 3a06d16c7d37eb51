using MusicEmotion.Native;

namespace MusicEmotion.Benchmarks.Inference;

/// <summary>
/// Where the ONNX Runtime benchmarks find their models: the shared reference data ($MUSICEMOTION_REFERENCE, else
/// ../shared/reference beside the repository). Without it, or without the ONNX Runtime library
/// (beside the build, from NuGet Microsoft.ML.OnnxRuntime), there is nothing to measure and the benchmark classes offer no cases.
/// </summary>
internal static class OrtBenchmarkModels
{
    /// <summary>Those of <paramref name="models"/> that can run here: the reference data and ORT are present.</summary>
    public static IEnumerable<string> Present(params string[] models) =>
        ReferenceDirectory() is { } reference && NativeLibraries.IsAvailable(NativeLibraries.OnnxRuntime)
            ? models.Where(m => File.Exists(Path.Combine(reference, m)))
            : [];

    public static string? ReferenceDirectory()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("MUSICEMOTION_REFERENCE");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv) ? fromEnv : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MusicEmotion.sln")))
            {
                string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }
}
