using System.Security.Cryptography;

namespace MusicEmotion.Inference.Models;

/// <summary>
/// Finds models by path or by name. A name is looked up as NAME.onnx in, in order: $MUSICEMOTION_MODELS,
/// then the models/ folder next to the executable (where the build copies the repository's models/).
/// </summary>
public static class ModelCatalog
{
    public const string DefaultEmotionModel = "musicemotion-emotion";
    public const string DefaultForecaster = "musicemotion-forecaster";

    /// <summary>The folders searched for model names, existing ones only.</summary>
    public static IReadOnlyList<string> SearchFolders
    {
        get
        {
            var folders = new List<string>();
            string? fromEnv = Environment.GetEnvironmentVariable("MUSICEMOTION_MODELS");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                folders.Add(fromEnv);
            }
            folders.Add(Path.Combine(AppContext.BaseDirectory, "models"));
            return folders.Where(Directory.Exists).Select(Path.GetFullPath).Distinct().ToList();
        }
    }

    /// <summary>
    /// Resolves <paramref name="pathOrName"/>: an existing .onnx path, or a model name in <see cref="SearchFolders"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither; the message lists the models that do exist.</exception>
    public static ModelEntry Resolve(string pathOrName)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrName);
        if (File.Exists(pathOrName))
        {
            return Describe(Path.GetFullPath(pathOrName));
        }
        if (Directory.Exists(pathOrName))
        {
            throw new FileNotFoundException($"{pathOrName}: is a directory, expected a .onnx model file or a model name");
        }
        bool looksLikePath = pathOrName.Contains(Path.DirectorySeparatorChar) || pathOrName.Contains('/')
            || pathOrName.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        if (!looksLikePath)
        {
            foreach (string folder in SearchFolders)
            {
                string candidate = Path.Combine(folder, pathOrName + ".onnx");
                if (File.Exists(candidate))
                {
                    return Describe(candidate);
                }
            }
        }
        string known = string.Join(", ", List().Select(m => m.Name));
        throw new FileNotFoundException(
            $"{pathOrName}: no such model file or model name (installed models: {(known.Length == 0 ? "none" : known)})");
    }

    /// <summary>Every model in the search folders.</summary>
    public static IReadOnlyList<ModelEntry> List() =>
        SearchFolders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.onnx"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(Describe)
            .ToList();

    /// <summary>The model at <paramref name="onnxPath"/> with its card, if it has one.</summary>
    public static ModelEntry Describe(string onnxPath)
    {
        string cardPath = Path.ChangeExtension(onnxPath, ".json");
        ModelCard? card = File.Exists(cardPath) ? ModelCard.Read(cardPath) : null;
        return new ModelEntry(Path.GetFileNameWithoutExtension(onnxPath), onnxPath, card);
    }

    /// <summary>
    /// The sha256 of a file, lower-case hex, as cards and recordings state it. A model under a megabyte is hashed
    /// by <see cref="ModelFileHash"/> (no OpenSSL to load at start-up); a larger one streams through the platform's.
    /// </summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length <= SmallModelBytes)
        {
            byte[] bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return Convert.ToHexStringLower(ModelFileHash.Hash(bytes));
        }
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// About where hashing here (some 110 MB/s, NativeAOT on this machine) starts to cost more than loading OpenSSL
    /// once (some 4 ms) and hashing there.
    /// </summary>
    private const long SmallModelBytes = 1 << 20;
}

/// <summary>A model file and its card (null when it has none, like the raw reference models).</summary>
public sealed record ModelEntry(string Name, string OnnxPath, ModelCard? Card)
{
    public string Kind => Card?.Kind ?? "unknown";
}
