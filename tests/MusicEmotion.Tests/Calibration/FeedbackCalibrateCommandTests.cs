using System.Globalization;
using System.Text.Json;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// feedback add/list/remove/export, calibrate and --profile as a user runs them, on a real scanned SQLite library
/// and a real profile folder; every bad input gives one line, its exit code, and stores nothing.
/// </summary>
public sealed class FeedbackCalibrateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public FeedbackCalibrateCommandTests()
    {
        Library = _folder.File("library.db");
        Track = LibraryMusic.Write(_folder, "music/track.wav", seed: 3, seconds: 12);
        // The profile folder is the user data folder: a fresh one per test, never the real user's.
        Environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = _folder.File("data") };
        CliResult scan = LibraryCli.Scan(Library, _folder.File("music"));
        Assert.True(scan.ExitCode == 0, scan.ToString());
    }

    private string Library { get; }

    private string Track { get; }

    private Dictionary<string, string> Environment { get; }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LabelsAreStoredListedExportedAndRemoved()
    {
        CliResult added = Feedback("add", Track, "--at", "0:05", "--arousal", "0.4", "--valence", "-0.2");
        Assert.True(added.ExitCode == 0, added.ToString());
        CliResult whole = Feedback("add", Track, "--whole-track", "--class", "positive");
        Assert.True(whole.ExitCode == 0, whole.ToString());

        Assert.Equal(2, Feedback("list").StdoutLines.Length);
        string export = _folder.File("labels.jsonl");
        Assert.Equal(0, Feedback("export", "--output", export).ExitCode);
        string[] rows = File.ReadAllLines(export);
        Assert.Equal(2, rows.Length);
        using (JsonDocument first = JsonDocument.Parse(rows[0]))
        {
            Assert.Equal(5.0, first.RootElement.GetProperty("at").GetDouble());
            Assert.Equal(64, first.RootElement.GetProperty("content_hash").GetString()!.Length);
            Assert.True(float.IsFinite(first.RootElement.GetProperty("reading_arousal").GetSingle()));
        }
        Assert.Equal(2, Feedback("export", "--output", export).ExitCode);

        Assert.Equal(0, Feedback("remove", "1").ExitCode);
        Assert.Single(Feedback("list").StdoutLines);
        Assert.Equal(2, Feedback("remove", "1").ExitCode);
    }

    [Theory]
    [InlineData("--at", "0:05", "--arousal", "1.5", "--valence", "0")]
    [InlineData("--at", "0:05", "--arousal", "0", "--valence", "-1.01")]
    [InlineData("--at", "1:20", "--arousal", "0.1", "--valence", "0.1")]
    [InlineData("--whole-track", "--class", "elated")]
    public void ALabelOffTheCircumplexOrBeyondTheTracksEndIsAUsageErrorAndNothingIsStored(params string[] label)
    {
        CliResult result = Feedback(["add", Track, .. label]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Empty(Feedback("list").StdoutLines);
    }

    [Fact]
    public void ATrackChangedSinceItWasAnalysedIsRefused()
    {
        File.AppendAllText(Track, "changed");
        CliResult result = Feedback("add", Track, "--at", "3", "--arousal", "0.1", "--valence", "0.1");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("changed since", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.StderrLines);
        Assert.Empty(Feedback("list").StdoutLines);
    }

    [Fact]
    public void CalibrateRefusesTooFewLabelsThenWritesAProfileThatAnalyzeApplies()
    {
        Assert.Equal(0, Feedback("add", Track, "--at", "1", "--arousal", "0.1", "--valence", "0.2").ExitCode);
        CliResult tooFew = Calibrate("me");
        Assert.Equal(3, tooFew.ExitCode);
        Assert.Contains("add 4 more", tooFew.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath("me")));

        // Twenty labels half a second apart from 1 s on: a fit with 5, one with 10, and the full set.
        for (int label = 2; label <= 20; label++)
        {
            string at = (0.5 + label / 2.0).ToString(CultureInfo.InvariantCulture);
            Assert.Equal(0, Feedback("add", Track, "--at", at, "--arousal", "-0.3", "--valence", "0.5").ExitCode);
            if (label == 5)
            {
                // Five labels: enough for the map's offsets, not for its slopes or the head refit, and it says so.
                CliResult few = Calibrate("few");
                Assert.True(few.ExitCode == 0, few.ToString());
                Assert.Contains("offsets only, ridge toward zero (slopes need 10 labels), 5 labels", few.Stdout, StringComparison.Ordinal);
                Assert.Contains("head refit not tried: 5 labels carry a hidden state (of 5), the refit needs 20", few.Stdout, StringComparison.Ordinal);
            }
            if (label == 10)
            {
                // Ten: the slopes too, still not the head refit.
                CliResult ten = Calibrate("ten");
                Assert.True(ten.ExitCode == 0, ten.ToString());
                Assert.DoesNotContain("offsets only", ten.Stdout, StringComparison.Ordinal);
                Assert.Contains("head refit not tried: 10 labels carry a hidden state (of 10), the refit needs 20", ten.Stdout, StringComparison.Ordinal);
            }
        }
        CliResult fitted = Calibrate("me");
        Assert.True(fitted.ExitCode == 0, fitted.ToString());
        using (JsonDocument card = JsonDocument.Parse(File.ReadAllText(ProfilePath("me"))))
        {
            Assert.Equal(20, card.RootElement.GetProperty("labels").GetInt32());
            Assert.Equal(64, card.RootElement.GetProperty("model_sha256").GetString()!.Length);
            Assert.True(card.RootElement.GetProperty("cv_rmse_after").GetDouble() <= card.RootElement.GetProperty("cv_rmse_before").GetDouble());
            // Each of the twenty labels kept the model's hidden state, so both methods were fitted and their errors are on the card.
            Assert.Equal(20, card.RootElement.GetProperty("head_refit_labels").GetInt32());
            Assert.True(card.RootElement.GetProperty("head_refit_cv_rmse").GetDouble() > 0);
            Assert.True(card.RootElement.GetProperty("affine_cv_rmse").GetDouble() > 0);
        }
        Assert.Equal(2, Calibrate("me").ExitCode);

        CliResult plain = Analyze(Track);
        CliResult calibrated = Analyze(Track, "--profile", "me");
        Assert.True(calibrated.ExitCode == 0, calibrated.ToString());
        Assert.Equal(plain.StdoutLines.Length, calibrated.StdoutLines.Length);
        Assert.NotEqual(plain.Stdout, calibrated.Stdout);
    }

    [Fact]
    public void AnUnknownProfileOrOneMadeForAnotherModelIsAnInputError()
    {
        CliResult unknown = Analyze(Track, "--profile", "nobody");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("no calibration profile 'nobody'", unknown.Stderr, StringComparison.Ordinal);

        for (int second = 1; second <= 6; second++)
        {
            Assert.Equal(0, Feedback("add", Track, "--at", $"{second}", "--arousal", "-0.3", "--valence", "0.5").ExitCode);
        }
        Assert.Equal(0, Calibrate("other").ExitCode);
        string path = ProfilePath("other");
        string card = File.ReadAllText(path);
        using (JsonDocument parsed = JsonDocument.Parse(card))
        {
            File.WriteAllText(path, card.Replace(parsed.RootElement.GetProperty("model_sha256").GetString()!, new string('0', 64), StringComparison.Ordinal));
        }
        CliResult wrongModel = Analyze(Track, "--profile", "other");
        Assert.Equal(3, wrongModel.ExitCode);
        Assert.Contains("was made for model", wrongModel.Stderr, StringComparison.Ordinal);
        Assert.Single(wrongModel.StderrLines);
    }

    [Fact]
    public void AMomentPastTheHourIsListedWithItsHours()
    {
        // A DJ set's length: an hour and ten seconds, at 4 kHz so the file stays small (29 MB) and the scan quick.
        string library = _folder.File("sets.db");
        string set = LibraryMusic.Write(_folder, "sets/set.wav", seed: 5, seconds: 3610, rate: 4000);
        CliResult scan = LibraryCli.Scan(library, _folder.File("sets"));
        Assert.True(scan.ExitCode == 0, scan.ToString());

        CliResult added = CliProcess.Run(Environment, ["feedback", "add", set, "--at", "1:00:05", "--arousal", "0.2", "--valence", "0.1", "--library", library]);
        Assert.True(added.ExitCode == 0, added.ToString());
        string listed = Assert.Single(CliProcess.Run(Environment, ["feedback", "list", "--library", library]).StdoutLines);

        Assert.Contains(" 1:00:05.0 ", listed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("remove", "1")]
    [InlineData("export", "--output", "labels.jsonl")]
    [InlineData("calibrate")]
    public void AMistypedLibraryIsAnInputErrorAndNoLibraryIsMade(params string[] command)
    {
        string missing = _folder.File("mistyped.db");
        string[] arguments = command[0] == "calibrate"
            ? ["calibrate", "--profile", "mine", "--library", missing]
            : ["feedback", .. command.Select(a => a == "labels.jsonl" ? _folder.File(a) : a), "--library", missing];
        CliResult result = CliProcess.Run(Environment, arguments);
        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Contains($"{missing}: no library there", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.False(File.Exists(_folder.File("labels.jsonl")));
    }

    private CliResult Feedback(params string[] arguments) => CliProcess.Run(Environment, ["feedback", .. arguments, "--library", Library]);

    private CliResult Calibrate(string profile) => CliProcess.Run(Environment, ["calibrate", "--profile", profile, "--library", Library]);

    private CliResult Analyze(string track, params string[] arguments) =>
        CliProcess.Run(Environment, ["analyze", track, "--engine", "managed", "--forecaster", "linear", "--format", "csv", .. arguments]);

    private string ProfilePath(string name) => Path.Combine(_folder.File("data"), "musicemotion", "profiles", name + ".json");
}
