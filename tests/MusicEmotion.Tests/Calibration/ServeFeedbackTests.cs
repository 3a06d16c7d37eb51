using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// POST /feedback as a client uses it: serve started as a user starts it with --library on a real scanned SQLite
/// library, real HTTP on 127.0.0.1; labels come back as stored, each bad request gets its status and a one-line
/// error naming the field, and none of them stores anything.
/// </summary>
public sealed class ServeFeedbackTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = Patience };

    public ServeFeedbackTests()
    {
        Library = _folder.File("library.db");
        Track = LibraryMusic.Write(_folder, "music/track.wav", seed: 3, seconds: 12);
        Other = LibraryMusic.Write(_folder, "music/other.wav", seed: 5, seconds: 6);
        CliResult scan = LibraryCli.Scan(Library, _folder.File("music"));
        Assert.True(scan.ExitCode == 0, scan.ToString());
    }

    private string Library { get; }

    private string Track { get; }

    private string Other { get; }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task LabelsAreStoredAndBadOnesAreRefusedWithTheirStatusStoringNothing()
    {
        string hash = ContentHash(Track);
        // Each refused request, with the status it must get and a word its error must contain.
        (string Body, HttpStatusCode Status, string Names)[] refused =
        [
            ($$"""{"path": "{{Track}}", "at": 5, "arousal": 1.5, "valence": 0}""", HttpStatusCode.BadRequest, "arousal 1.5"),
            ($$"""{"path": "{{Track}}", "at": 5, "arousal": 0.1, "valence": -1.01}""", HttpStatusCode.BadRequest, "valence -1.01"),
            ($$"""{"path": "{{Track}}", "at": 5, "arousal": 0.1}""", HttpStatusCode.BadRequest, "valence: missing"),
            ($$"""{"path": "{{Track}}", "whole_track": true, "class": "elated"}""", HttpStatusCode.BadRequest, "class 'elated'"),
            ($$"""{"path": "{{Track}}", "at": 80, "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.BadRequest, "at: 80 s is outside the track"),
            ($$"""{"path": "{{Track}}", "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.BadRequest, "at:"),
            ($$"""{"path": "{{Track}}", "at": 5, "arousal": 0.1, "valance": 0.1}""", HttpStatusCode.BadRequest, "valance: not a field"),
            ("""{"at": 5, "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.BadRequest, "path: missing"),
            ("""{"content_hash": "abc", "at": 5, "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.BadRequest, "content_hash 'abc'"),
            ("[1, 2]", HttpStatusCode.BadRequest, "body: a JSON array"),
            ("arousal=0.4", HttpStatusCode.BadRequest, "body: not JSON"),
            ($$"""{"content_hash": "{{new string('0', 64)}}", "at": 5, "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.UnprocessableEntity, "no track"),
            ($$"""{"path": "{{_folder.File("elsewhere.wav")}}", "at": 5, "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.UnprocessableEntity, "not in the library"),
            ($$"""{"path": "{{Track}}", "content_hash": "{{ContentHash(Other)}}", "at": 5, "arousal": 0.1, "valence": 0.1}""", HttpStatusCode.Conflict, "the track changed"),
            ($$"""{"path": "{{Track}}", "at": 5, "arousal": 0.1, "valence": 0.1, "class": "{{new string('x', 20_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, "larger than 16384 bytes"),
        ];
        const int Stored = 2, Changed = 3;
        using Process serve = StartServe(perMinute: refused.Length + Stored + Changed);
        try
        {
            Uri address = await ServeCommandTests.AddressAsync(serve);

            (HttpStatusCode status, JsonNode point) = await PostAsync(address, $$"""{"path": "{{Track}}", "at": 5, "arousal": 0.4, "valence": -0.2}""");
            Assert.True(status == HttpStatusCode.Created, point.ToJsonString());
            Assert.Equal(1, (long)point["id"]!);
            Assert.Equal(hash, (string?)point["content_hash"]);
            Assert.Equal(5.0, (double)point["at"]!);
            Assert.Equal(0.4f, (float)point["felt_arousal"]!);
            Assert.Equal(-0.2f, (float)point["felt_valence"]!);
            Assert.InRange((float)point["reading_arousal"]!, -1f, 1f);

            (status, JsonNode whole) = await PostAsync(address, $$"""{"content_hash": "{{hash.ToUpperInvariant()}}", "whole_track": true, "class": "Positive"}""");
            Assert.True(status == HttpStatusCode.Created, whole.ToJsonString());
            Assert.Equal(Track, (string?)whole["path"]);
            Assert.Null(whole["at"]);
            Assert.Equal("positive", (string?)whole["class"]);
            Assert.Equal(0.5f, (float)whole["felt_valence"]!);

            foreach ((string body, HttpStatusCode expected, string names) in refused)
            {
                (status, JsonNode error) = await PostAsync(address, body);
                string message = (string?)error["error"] ?? "";
                Assert.True(status == expected && message.Contains(names, StringComparison.Ordinal), $"{body[..Math.Min(body.Length, 120)]} -> {(int)status} {message}");
                Assert.DoesNotContain('\n', message);
            }

            File.AppendAllText(Track, "changed");
            (status, JsonNode changed) = await PostAsync(address, $$"""{"path": "{{Track}}", "at": 5, "arousal": 0.1, "valence": 0.1}""");
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("changed since", (string?)changed["error"], StringComparison.Ordinal);
            // By content the library still knows the track, but its file no longer holds that content: the model
            // cannot be run over it again, so it is refused the same way, not answered with a bare 500.
            (status, changed) = await PostAsync(address, $$"""{"content_hash": "{{hash}}", "at": 5, "arousal": 0.1, "valence": 0.1}""");
            Assert.True(status == HttpStatusCode.Conflict, changed.ToJsonString());
            Assert.Contains("changed since", (string?)changed["error"], StringComparison.Ordinal);
            File.Delete(Track);
            (status, changed) = await PostAsync(address, $$"""{"content_hash": "{{hash}}", "whole_track": true, "class": "calm"}""");
            Assert.True(status == HttpStatusCode.Conflict, changed.ToJsonString());
            Assert.Contains("sha256 gone", (string?)changed["error"], StringComparison.Ordinal);

            // The rate limiter counts this client's requests to /feedback: one more is one too many.
            (status, JsonNode limited) = await PostAsync(address, "{}");
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.Contains("POST /feedback", (string?)limited["error"], StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill();
            serve.WaitForExit();
        }

        CliResult list = CliProcess.Run(["feedback", "list", "--library", Library]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(Stored, list.StdoutLines.Length);
        // Each label kept the model's hidden state for the head refit, as feedback add's do.
        using FeedbackStore feedback = FeedbackStore.Open(new LibraryLocation(Library));
        Assert.All(feedback.List(), label => Assert.NotEmpty(label.Hidden ?? []));
    }

    [Fact]
    public async Task WithoutALibraryThereIsNoFeedbackEndpoint()
    {
        using Process serve = CliProcess.Start(["serve", "--port", "0", "--engine", "managed", "--forecaster", "linear"]);
        try
        {
            Uri address = await ServeCommandTests.AddressAsync(serve);
            (HttpStatusCode status, _) = await PostAsync(address, $$"""{"path": "{{Track}}", "at": 5, "arousal": 0.4, "valence": -0.2}""");
            Assert.Equal(HttpStatusCode.NotFound, status);
            JsonNode health = JsonNode.Parse(await _http.GetStringAsync(new Uri(address, "health")))!;
            Assert.Null(health["feedback_library"]);
        }
        finally
        {
            serve.Kill();
            serve.WaitForExit();
        }
    }

    private Process StartServe(int perMinute) => CliProcess.Start(
        ["serve", "--port", "0", "--library", Library, "--feedback-per-minute", perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--engine", "managed", "--forecaster", "linear"]);

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(Uri address, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync(new Uri(address, "feedback"), content);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private static string ContentHash(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
