using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// Labels in a shared PostgreSQL library as a user takes them: a real server, a track scanned into it by
/// <c>library scan</c>, then <c>feedback</c>, <c>calibrate</c> and serve's POST /feedback against its URL.
/// </summary>
public sealed class SharedLibraryFeedbackTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly PostgresServer _server = PostgresServer.Create();

    public SharedLibraryFeedbackTests()
    {
        Track = LibraryMusic.Write(_folder, "music/track.wav", seed: 3, seconds: 12);
        // The profile folder is the user data folder: a fresh one per test, never the real user's.
        Environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = _folder.File("data") };
        CliResult scan = LibraryCli.Scan(_server.Url, _folder.File("music"));
        Assert.True(scan.ExitCode == 0, scan.ToString());
    }

    private string Track { get; }

    private Dictionary<string, string> Environment { get; }

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [SkippableFact]
    public void LabelsAreAddedListedRemovedAndCalibratedFrom()
    {
        Added("--at", "0:05", "--arousal", "0.4", "--valence", "-0.2");
        Added("--whole-track", "--class", "positive");

        CliResult list = Feedback("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(2, list.StdoutLines.Length);
        Assert.Contains("0:05.0  felt (+0.40, -0.20)", list.StdoutLines[0], StringComparison.Ordinal);
        Assert.Contains("whole  felt", list.StdoutLines[1], StringComparison.Ordinal);
        Assert.Contains(" positive ", list.StdoutLines[1], StringComparison.Ordinal);
        Assert.All(list.StdoutLines, line => Assert.EndsWith(Track, line, StringComparison.Ordinal));

        Assert.Equal(0, Feedback("remove", "2").ExitCode);
        Assert.Equal(2, Feedback("remove", "2").ExitCode);
        CliResult offCircumplex = Feedback("add", Track, "--at", "0:06", "--arousal", "1.5", "--valence", "0");
        Assert.Equal(2, offCircumplex.ExitCode);
        Assert.Single(Feedback("list").StdoutLines);

        // Nineteen more beside the one at 0:05, half a second apart: twenty with a hidden state, what the head refit needs.
        foreach (int half in Enumerable.Range(2, 20).Where(h => h != 10))
        {
            Added("--at", (half / 2.0).ToString(CultureInfo.InvariantCulture), "--arousal", "-0.3", "--valence", "0.5");
        }
        CliResult fitted = CliProcess.Run(Environment, ["calibrate", "--profile", "shared", "--library", _server.Url]);
        Assert.True(fitted.ExitCode == 0, fitted.ToString());
        string profile = Path.Combine(_folder.File("data"), "musicemotion", "profiles", "shared.json");
        using JsonDocument card = JsonDocument.Parse(File.ReadAllText(profile));
        Assert.Equal(20, card.RootElement.GetProperty("labels").GetInt32());
        // The hidden states came back from PostgreSQL whole, so the head refit was fitted too.
        Assert.Equal(20, card.RootElement.GetProperty("head_refit_labels").GetInt32());
    }

    [SkippableFact]
    public async Task ServeTakesLabelsIntoTheSharedLibraryAndNamesItWithoutThePassword()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using Process serve = CliProcess.Start(["serve", "--port", "0", "--library", _server.Url, "--engine", "managed", "--forecaster", "linear"]);
        try
        {
            Uri address = await ServeCommandTests.AddressAsync(serve);
            JsonNode health = JsonNode.Parse(await http.GetStringAsync(new Uri(address, "health")))!;
            Assert.Equal(PostgresUrl.Parse(_server.Url).Display, (string?)health["feedback_library"]);

            using var body = new StringContent($$"""{"path": "{{Track}}", "at": 5, "arousal": 0.4, "valence": -0.2}""", Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await http.PostAsync(new Uri(address, "feedback"), body);
            string answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, answer);
            Assert.Equal(1, (long)JsonNode.Parse(answer)!["id"]!);
        }
        finally
        {
            serve.Kill();
            serve.WaitForExit();
        }

        Assert.Single(Feedback("list").StdoutLines);
    }

    private void Added(params string[] label)
    {
        CliResult added = Feedback(["add", Track, .. label]);
        Assert.True(added.ExitCode == 0, added.ToString());
    }

    private CliResult Feedback(params string[] arguments) => CliProcess.Run(Environment, ["feedback", .. arguments, "--library", _server.Url]);
}
