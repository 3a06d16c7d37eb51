namespace MusicEmotion.Library.Scanning;

/// <summary>
/// The audio files under the folders a scan is given, by extension (the formats <c>analyze</c> reads), in a stable
/// order. A named file is taken whatever its extension; a folder that does not exist is an input error.
/// </summary>
public static class AudioFileFinder
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".wave", ".rf64", ".w64", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif", ".aiff", ".aifc", ".caf",
    };

    public static IReadOnlyList<string> Find(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.System };
        foreach (string root in roots.Select(Path.GetFullPath))
        {
            if (File.Exists(root))
            {
                files.Add(root);
            }
            else if (Directory.Exists(root))
            {
                files.UnionWith(Directory.EnumerateFiles(root, "*", options).Where(file => Extensions.Contains(Path.GetExtension(file))));
            }
            else
            {
                throw new DirectoryNotFoundException($"{root}: no such folder or file; expected a folder of music to scan");
            }
        }
        return [.. files];
    }

    /// <summary>True when <paramref name="path"/> lies under one of <paramref name="roots"/> (full paths).</summary>
    public static bool IsUnder(string path, IReadOnlyList<string> roots) =>
        roots.Any(root => path == root || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
