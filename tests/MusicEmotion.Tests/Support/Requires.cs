namespace MusicEmotion.Tests.Support;

/// <summary>
/// Preconditions of tests that need something outside the project: the shared reference data, a native
/// library, a sound server, a display. On a developer's machine without it the test skips and says why;
/// in CI (CI=true) the set-up installs everything, so a missing dependency is a failure, never a skip.
/// </summary>
public static class Requires
{
    /// <summary>Where the allowed platform skips are listed: the one place, read by <see cref="Platform"/>.</summary>
    public static string AllowedSkipsFile { get; } = Path.Combine(ReferencePaths.RepositoryRoot, "tests", "allowed-skips.txt");

    /// <summary>CI=true, 1 or yes (any case): the same values the Python tests' support.require accepts.</summary>
    public static bool InCi => MeansCi(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Whether a value of $CI says this is a CI run.</summary>
    public static bool MeansCi(string? value) => value?.Trim().ToLowerInvariant() is "true" or "1" or "yes";

    /// <summary>The reasons in <see cref="AllowedSkipsFile"/>.</summary>
    public static IReadOnlySet<string> AllowedSkips { get; } = File.ReadLines(AllowedSkipsFile)
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Skips unless <paramref name="supported"/>, for a fact of the platform (another OS, a CPU without a SIMD set)
    /// rather than something set-up could provide. The reason must be listed in <see cref="AllowedSkipsFile"/>; one that
    /// is not fails in CI, so a skip cannot hide there.
    /// </summary>
    public static void Platform(bool supported, string reason)
    {
        if (supported)
        {
            return;
        }
        if (InCi && !AllowedSkips.Contains(reason))
        {
            throw new InvalidOperationException($"skip '{reason}' is not an allowed platform skip ({AllowedSkipsFile})");
        }
        Skip.If(true, reason);
    }

    /// <summary>Skips (or, in CI, fails) unless <paramref name="available"/>.</summary>
    public static void That(bool available, string what)
    {
        if (available)
        {
            return;
        }
        if (InCi)
        {
            throw new InvalidOperationException($"CI must provide {what}, but it is missing");
        }
        Skip.If(true, $"needs {what}");
    }

    /// <summary>The ../shared/reference folder (real music, reference features and models).</summary>
    public static string ReferenceData()
    {
        string? dir = ReferencePaths.ReferenceDirectory;
        That(dir is not null, $"the shared reference data (looked for {ReferencePaths.Describe()})");
        return dir!;
    }
}
