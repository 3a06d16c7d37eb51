namespace MusicEmotion.Tests.Support;

/// <summary>
/// Preconditions of tests that need something outside the project: the shared reference data, a native
/// library, a sound server, a display. On a developer's machine without it the test skips and says why;
/// in CI (CI=true) the set-up installs everything, so a missing dependency is a failure, never a skip.
/// </summary>
public static class Requires
{
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

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
