using System.Security.Cryptography;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// library search and next with --calibration: the stored readings pass through the profile at query time, so the
/// ranking follows the correction with no rescan. The audio files are deleted after the scan: nothing is decoded.
/// </summary>
public sealed class LibraryCalibrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public LibraryCalibrationTests()
    {
        Library = _folder.File("library.db");
        Environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = _folder.File("data") };
        for (int seed = 1; seed <= 6; seed++)
        {
            LibraryMusic.Write(_folder, $"music/track{seed}.wav", seed, seconds: 6);
        }
        CliResult scan = LibraryCli.Scan(Library, _folder.File("music"));
        Assert.True(scan.ExitCode == 0, scan.ToString());
        Directory.Delete(_folder.File("music"), recursive: true);
    }

    private string Library { get; }

    private Dictionary<string, string> Environment { get; }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ASearchWithAMirroringProfileRanksAsASearchForTheMirroredPoint()
    {
        // A listener who feels every valence the other way round: their "happy" is the model's "angry".
        Profile("mirror", ModelSha256(), new AffineCalibration(1, 0, 0, 0, -1, 0));

        string[] calibrated = Ranking(Search("--point", "0.3,0.6", "--calibration", "mirror"));
        string[] mirrored = Ranking(Search("--point", "0.3,-0.6"));
        string[] plain = Ranking(Search("--point", "0.3,0.6"));

        Assert.Equal(mirrored, calibrated);
        Assert.NotEqual(plain, calibrated);
        CliResult next = Run("next", "--after", "track1.wav", "--calibration", "mirror", "--format", "csv");
        Assert.True(next.ExitCode == 0, next.ToString());
    }

    [Fact]
    public void AProfileMadeForAnotherModelIsRefusedInOneLine()
    {
        Profile("other", new string('0', 64), AffineCalibration.Identity);
        CliResult result = Search("--point", "0.3,0.6", "--calibration", "other");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("was made for model", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.StderrLines);
    }

    [Fact]
    public void AHeadRefitProfileIsRefusedInOneLineSayingToScanWithIt()
    {
        // A refitted head reads hidden states the library does not store, so the stored readings cannot be re-ranked.
        Profile("refit", ModelSha256(), AffineCalibration.Identity, new OutputHead(new float[2 * 64], [0f, 0f]));

        foreach (CliResult result in new[]
        {
            Search("--point", "0.3,0.6", "--calibration", "refit"),
            Run("next", "--after", "track1.wav", "--calibration", "refit", "--format", "csv"),
        })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            string error = Assert.Single(result.StderrLines);
            Assert.Contains("refits the model's head", error, StringComparison.Ordinal);
            Assert.Contains("library scan DIR --library NEW --profile refit", error, StringComparison.Ordinal);
            Assert.Empty(result.StdoutLines);
        }
    }

    private CliResult Search(params string[] arguments) => Run(["search", .. arguments, "--format", "csv", "--limit", "6"]);

    private CliResult Run(params string[] arguments) => CliProcess.Run(Environment, ["library", .. arguments, "--library", Library]);

    /// <summary>Each hit's path and distance, best first (the means differ between the two searches, by design).</summary>
    private static string[] Ranking(CliResult search)
    {
        Assert.True(search.ExitCode == 0, search.ToString());
        return search.StdoutLines.Skip(1).Select(line => string.Join(',', line.Split(',')[2..4])).ToArray();
    }

    private void Profile(string name, string modelSha256, AffineCalibration map, OutputHead? head = null) => new CalibrationProfile
    {
        Name = name,
        Model = "musicemotion",
        ModelSha256 = modelSha256,
        Labels = 20,
        Method = "affine",
        Lambda = 1,
        CvRmseBefore = 0.3,
        CvRmseAfter = 0.1,
        Map = map,
        Head = head,
    }.Save(Path.Combine(_folder.File("data"), "musicemotion", "profiles", name + ".json"));

    private static string ModelSha256() => Convert.ToHexStringLower(
        SHA256.HashData(File.ReadAllBytes(Path.Combine(ReferencePaths.RepositoryRoot, "models", "musicemotion-emotion.onnx"))));
}
