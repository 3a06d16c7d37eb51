namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>An ONNX Runtime execution provider, as the command line names it: cpu, cuda, dml or auto.</summary>
public enum OrtProvider
{
    Cpu,
    Cuda,
    DirectML,
    Auto,
}

public static class OrtProviders
{
    /// <summary>The concrete providers that can start on this OS, in the order <c>auto</c> tries them.</summary>
    public static IReadOnlyList<OrtProvider> ForThisPlatform { get; } =
        OperatingSystem.IsWindows() ? [OrtProvider.Cpu, OrtProvider.Cuda, OrtProvider.DirectML]
        : OperatingSystem.IsLinux() ? [OrtProvider.Cpu, OrtProvider.Cuda]
        : [OrtProvider.Cpu];

    /// <summary>The command-line name: "cpu", "cuda", "dml", "auto".</summary>
    public static string Name(this OrtProvider provider) => provider switch
    {
        OrtProvider.Cpu => "cpu",
        OrtProvider.Cuda => "cuda",
        OrtProvider.DirectML => "dml",
        OrtProvider.Auto => "auto",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Reads "cpu", "cuda", "dml" or "auto" (any case).</summary>
    public static OrtProvider Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "cpu" => OrtProvider.Cpu,
        "cuda" => OrtProvider.Cuda,
        "dml" or "directml" => OrtProvider.DirectML,
        "auto" => OrtProvider.Auto,
        _ => throw new ArgumentException($"unknown ONNX Runtime provider '{name}': expected cpu, cuda, dml or auto", nameof(name)),
    };
}
