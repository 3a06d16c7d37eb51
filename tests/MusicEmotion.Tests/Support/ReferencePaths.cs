namespace MusicEmotion.Tests.Support;

/// <summary>Where the repository and the shared reference data are, wherever the tests run from.</summary>
public static class ReferencePaths
{
    /// <summary>The repository root: the folder holding MusicEmotion.sln above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// $MUSICEMOTION_REFERENCE if set, else ../shared/reference beside the repository; null when absent.
    /// </summary>
    public static string? ReferenceDirectory
    {
        get
        {
            string? fromEnv = Environment.GetEnvironmentVariable("MUSICEMOTION_REFERENCE");
            string path = string.IsNullOrEmpty(fromEnv) ? DefaultReference : fromEnv;
            return File.Exists(Path.Combine(path, "manifest.json")) ? path : null;
        }
    }

    /// <summary>The six 44.1 kHz mono excerpts that have references.</summary>
    public static IReadOnlyList<string> Tracks { get; } =
        ["frantic", "knalgan_theme", "traveling_minstrels", "love_theme", "sad", "underground"];

    public static string Describe() => Environment.GetEnvironmentVariable("MUSICEMOTION_REFERENCE") ?? DefaultReference;

    private static string DefaultReference =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference"));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MusicEmotion.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no MusicEmotion.sln above {AppContext.BaseDirectory}");
    }
}
