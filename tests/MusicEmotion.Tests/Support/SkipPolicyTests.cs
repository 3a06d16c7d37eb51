using System.Text.RegularExpressions;

namespace MusicEmotion.Tests.Support;

/// <summary>
/// Skips go through one door: <see cref="Requires"/>, which turns a missing dependency into a failure in CI and lets
/// only the platform reasons of tests/allowed-skips.txt skip there. A test that called xunit's Skip itself would slip
/// past both, so the sources are checked for it.
/// </summary>
public sealed partial class SkipPolicyTests
{
    [Fact]
    public void NoTestSkipsExceptThroughRequires()
    {
        string tests = Path.Combine(ReferencePaths.RepositoryRoot, "tests");
        string requires = Path.Combine(tests, "MusicEmotion.Tests", "Support", "Requires.cs");
        string[] offenders = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && file != requires)
            .Where(file => DirectSkip().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(tests, file))
            .ToArray();
        Assert.True(offenders.Length == 0, $"skip through Requires.That or Requires.Platform instead: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void ThePlatformReasonsAreListedAndCiIsReadAsPythonReadsIt()
    {
        Assert.Contains("this CPU does not run the Avx512 kernels", Requires.AllowedSkips);
        Assert.DoesNotContain(Requires.AllowedSkips, reason => reason.StartsWith('#') || reason.Length == 0);
        Assert.All(new[] { "true", "TRUE", "1", "yes" }, value => Assert.True(Requires.MeansCi(value), $"CI={value}"));
        Assert.All(new[] { null, "", "false", "0", "no" }, value => Assert.False(Requires.MeansCi(value), $"CI={value}"));
    }

    [Fact]
    public void TheCiEntryPointSetsCiItself()
    {
        // CI runs .ci/run with CI=true, but a caller that forgot it would turn every missing dependency into a skip.
        string[] lines = File.ReadAllLines(Path.Combine(ReferencePaths.RepositoryRoot, ".ci", "run"));
        int export = Array.FindIndex(lines, line => line.Trim() == "export CI=true");
        int test = Array.FindIndex(lines, line => line.Contains("tools/test.sh", StringComparison.Ordinal));
        Assert.True(export >= 0 && export < test, ".ci/run must export CI=true before it runs tools/test.sh");
    }

    [GeneratedRegex(@"\bSkip\.(If|IfNot)\s*\(|\bSkip\s*=\s*""")]
    private static partial Regex DirectSkip();
}
