using MusicEmotion.Tests.Support;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>
/// Where the window tests keep what they saw: every screenshot goes to the test output folder
/// (visualiser-screenshots/), and the golden images live in the source tree beside the tests.
/// </summary>
public static class Screenshots
{
    public static string OutputDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "visualiser-screenshots");

    public static string GoldenDirectory { get; } =
        Path.Combine(ReferencePaths.RepositoryRoot, "tests", "MusicEmotion.Tests", "Visualiser", "Golden");

    /// <summary>Saves a screenshot to the output folder and returns its path.</summary>
    public static string Save(RgbaImage image, string name)
    {
        string path = Path.Combine(OutputDirectory, name + ".png");
        PngEncoder.Save(image, path);
        return path;
    }

    /// <summary>
    /// Whether MUSICEMOTION_UPDATE_GOLDEN asks to rewrite the golden images; in CI that would make every comparison
    /// pass, so there it fails the test instead.
    /// </summary>
    public static bool UpdateRequested(string? setting, bool inCi)
    {
        bool requested = setting == "1";
        Assert.False(requested && inCi, "MUSICEMOTION_UPDATE_GOLDEN=1 rewrites the golden images; CI compares against them, so it is refused there");
        return requested;
    }

    /// <summary>
    /// Compares a screenshot with its golden image, allowing small differences (another Mesa or FreeType
    /// version moves edges by a shade). Set MUSICEMOTION_UPDATE_GOLDEN=1 to write the golden image instead, on a
    /// developer's machine only: in CI that would make every comparison pass, so it is refused there.
    /// On failure the message gives the paths of the actual image, the golden one and a difference image.
    /// </summary>
    public static void MatchGolden(RgbaImage actual, string name, int channelTolerance = 48, double maxDifferingFraction = 0.004)
    {
        string actualPath = Save(actual, name);
        string goldenPath = Path.Combine(GoldenDirectory, name + ".png");
        if (UpdateRequested(Environment.GetEnvironmentVariable("MUSICEMOTION_UPDATE_GOLDEN"), Requires.InCi))
        {
            PngEncoder.Save(actual, goldenPath);
            return;
        }
        Assert.True(File.Exists(goldenPath), $"no golden image {goldenPath}; the screenshot is {actualPath} (MUSICEMOTION_UPDATE_GOLDEN=1 writes it)");
        RgbaImage golden = PngReader.Read(goldenPath);
        Assert.True(golden.Width == actual.Width && golden.Height == actual.Height,
            $"screenshot {actualPath} is {actual.Width}x{actual.Height}, golden {goldenPath} is {golden.Width}x{golden.Height}");
        var diff = new byte[actual.Pixels.Length];
        int differing = 0;
        for (int i = 0; i < actual.Pixels.Length; i += 4)
        {
            int worst = 0;
            for (int c = 0; c < 3; c++)
            {
                worst = Math.Max(worst, Math.Abs(actual.Pixels[i + c] - golden.Pixels[i + c]));
            }
            if (worst > channelTolerance)
            {
                differing++;
            }
            byte shade = (byte)Math.Min(255, worst * 4);
            diff[i] = shade;
            diff[i + 1] = (byte)(actual.Pixels[i + 1] / 4);
            diff[i + 2] = (byte)(actual.Pixels[i + 2] / 4);
            diff[i + 3] = 255;
        }
        double fraction = differing / (actual.Pixels.Length / 4.0);
        if (fraction > maxDifferingFraction)
        {
            string diffPath = Save(new RgbaImage(actual.Width, actual.Height, diff), name + ".diff");
            Assert.Fail($"screenshot {actualPath} differs from golden {goldenPath} in {fraction:P2} of pixels"
                        + $" (more than {channelTolerance}/255 on a channel; allowed {maxDifferingFraction:P2}); differences: {diffPath}");
        }
    }
}
