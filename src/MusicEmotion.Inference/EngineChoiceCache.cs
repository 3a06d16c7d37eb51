using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicEmotion.Native;

namespace MusicEmotion.Inference;

/// <summary>What <c>--engine auto</c> measured for one model on one machine.</summary>
/// <param name="Engine">The faster engine: managed or ONNX Runtime.</param>
/// <param name="ManagedMicros">The managed engine's time per step.</param>
/// <param name="OnnxMicros">ONNX Runtime's time per step.</param>
/// <param name="MeasuredUtc">When it was measured.</param>
public sealed record EngineChoice(EngineKind Engine, double ManagedMicros, double OnnxMicros, DateTimeOffset MeasuredUtc);

/// <summary>
/// Remembers auto's measured choice per model and machine in the user's cache folder, so a start loads one engine
/// instead of loading and timing both (about 0.1 s of a 0.5 s run on a 12 s clip). The key holds what the choice
/// depends on: the model's sha256, the processor, its cores, the OS and the ONNX Runtime settings; anything else
/// changed is `--retime`. The cache is an optimisation: one that cannot be read or written costs a timing, nothing more.
/// </summary>
public sealed class EngineChoiceCache(string path)
{
    /// <summary>engine-choices.json in the cache folder ($MUSICEMOTION_CACHE, else the platform's user cache).</summary>
    public static EngineChoiceCache Default => new(System.IO.Path.Combine(NativeLibraries.CacheDirectory, "engine-choices.json"));

    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The key of a model on this machine with these ONNX Runtime settings.</summary>
    public static string KeyFor(string modelSha256, OnnxRuntime.OrtEngineOptions ort)
    {
        ArgumentNullException.ThrowIfNull(ort);
        return string.Join(
            '|', modelSha256, Processor(), Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), RuntimeInformation.OSDescription,
            ort.Provider, ort.IntraOpThreads.ToString(CultureInfo.InvariantCulture));
    }

    public EngineChoice? Find(string key) => Read().TryGetValue(key, out EngineChoice? choice) ? choice : null;

    public void Remember(string key, EngineChoice choice)
    {
        Dictionary<string, EngineChoice> choices = Read();
        choices[key] = choice;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            // Written beside and moved into place, so a reader never sees half a file.
            string partial = $"{Path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(partial, JsonSerializer.SerializeToUtf8Bytes(choices, EngineChoiceJson.Default.DictionaryStringEngineChoice));
            File.Move(partial, Path, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Not remembered: the next start measures again.
        }
    }

    private Dictionary<string, EngineChoice> Read()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize(File.ReadAllBytes(Path), EngineChoiceJson.Default.DictionaryStringEngineChoice) ?? [] : [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return [];
        }
    }

    /// <summary>The processor's model name where the OS says it (Linux), else its architecture.</summary>
    private static string Processor()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (OperatingSystem.IsLinux() && File.Exists(CpuInfo))
        {
            string? model = File.ReadLines(CpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null)
            {
                return model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}

/// <summary>The cache file's JSON, generated at build time (the NativeAOT release build has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, EngineChoice>))]
internal sealed partial class EngineChoiceJson : JsonSerializerContext;
