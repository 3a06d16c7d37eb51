using System.Text.Json;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// live --library --suggest on a real scanned SQLite catalog: the sink ranks with the next-track cost of
/// <c>library next</c>, about once a second, and the top suggestion reaches jsonl and the console line.
/// </summary>
public sealed class LiveSuggestionTests : IDisposable
{
    private static readonly string[] Models = ["--engine", "managed", "--forecaster", "linear"];

    private readonly TempFolder _folder = new();

    public LiveSuggestionTests()
    {
        Library = _folder.File("library.db");
        for (int i = 0; i < 4; i++)
        {
            LibraryMusic.Write(_folder, $"music/track{i}.wav", seed: i);
        }
        Playing = LibraryMusic.Write(_folder, "playing.wav", seed: 9, seconds: 6);
    }

    private string Library { get; }

    private string Playing { get; }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheSinkRanksLikeLibraryNextOnceASecondOfStreamTime()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, _folder.File("music")).ExitCode);
        CatalogIndex index;
        using (ILibraryStore store = SqliteLibraryStore.Open(Library, create: false))
        {
            index = CatalogIndex.Load(store);
        }
        var board = new LiveSuggestions();
        var sink = new SuggestionSink(index, 3, board);
        sink.Start(SampleReadings.Session());

        for (int seq = 0; seq < 12; seq++)
        {
            sink.Write(SampleReadings.Reading(seq));
        }

        // 6 s of readings at 0.5 s (seq 6 has no point): ranked at 0, 1, 2, 3.5, 4.5, 5.5 s.
        Assert.Equal(6, sink.Rankings);
        EmotionReading ranked = SampleReadings.Reading(11);
        IReadOnlyList<SearchHit> expected = NextTrackCost.Rank(index, sink.Now(ranked), 3);
        Assert.Equal(3, board.Ranked.Count);
        Assert.Equal(expected.Select(hit => (hit.Track.Path, hit.Distance)), board.Ranked.Select(s => (s.Path, s.Score)));
        Assert.Equal(board.Ranked.OrderBy(s => s.Score).Select(s => s.Path), board.Ranked.Select(s => s.Path));
    }

    [Fact]
    public void TheLiveNowHeadsFromTheReadingToItsForecastEnd()
    {
        var sink = new SuggestionSink(new CatalogIndex([]), 1, new LiveSuggestions());
        sink.Start(SampleReadings.Session(forecastSteps: 4));
        EmotionReading reading = SampleReadings.Reading(1);

        EndShape now = sink.Now(reading);

        AffectPoint end = reading.ForecastSpan[3];
        Assert.Equal(reading.Point, now.Point);
        Assert.Equal((end.Arousal - reading.Point.Arousal) / 2f, now.Slope.Arousal, 5);
        Assert.Equal((end.Valence - reading.Point.Valence) / 2f, now.Slope.Valence, 5);
        Assert.Equal(20 * MathF.Log10(reading.Rms), now.LevelDb, 3);
    }

    [Fact]
    public void LiveJsonlCarriesTheTopSuggestionFromTheLibrary()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, _folder.File("music")).ExitCode);

        CliResult live = CliProcess.Run(["live", "--input", Playing, "--format", "jsonl", "--library", Library, "--suggest", "2", .. Models]);

        Assert.True(live.ExitCode == 0, live.ToString());
        var tracks = Directory.GetFiles(_folder.File("music")).Select(Path.GetFullPath).ToHashSet();
        var suggested = new List<string>();
        foreach (string line in live.StdoutLines)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement suggest = json.RootElement.GetProperty("suggest");
            Assert.True(json.RootElement.TryGetProperty("arousal", out _), line);
            if (suggest.ValueKind != JsonValueKind.Null)
            {
                suggested.Add(suggest.GetProperty("path").GetString()!);
                Assert.InRange(suggest.GetProperty("score").GetDouble(), 0, 4);
            }
        }
        Assert.NotEmpty(suggested);
        Assert.All(suggested, path => Assert.Contains(Path.GetFullPath(path), tracks));
    }

    [SkippableFact]
    public void OscdumpReceivesEachNewTopSuggestion()
    {
        using OscDump dump = OscDump.Start();
        Assert.Equal(0, LibraryCli.Scan(Library, _folder.File("music")).ExitCode);

        CliResult live = CliProcess.Run(
            ["live", "--input", Playing, "--format", "jsonl", "--osc", dump.Endpoint.ToString(), "--library", Library, "--suggest", "2", .. Models]);

        Assert.True(live.ExitCode == 0, live.ToString());
        double[] scores = [.. live.StdoutLines
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("suggest"))
            .Where(suggest => suggest.ValueKind != JsonValueKind.Null)
            .Select(suggest => suggest.GetProperty("score").GetDouble())];
        OscDumpLine line;
        do
        {
            line = dump.NextLine();
        }
        while (line.Address != "/emotion/suggest");
        Assert.Equal("sf", line.TypeTags);
        Assert.Contains(Path.GetFullPath(line.Arguments[0]), Directory.GetFiles(_folder.File("music")).Select(Path.GetFullPath));
        Assert.Contains(scores, score => Math.Abs(score - line.Float(1)) < 1e-3);
    }

    [Fact]
    public async Task ServeAnswersLibrarySuggestWithTheRankingForItsStream()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, _folder.File("music")).ExitCode);
        using System.Diagnostics.Process serve = CliProcess.Start(
            ["serve", "--port", "0", "--input", Playing, "--loop", "--library", Library, "--suggest", "3", .. Models]);
        try
        {
            Uri address = await ServeCommandTests.AddressAsync(serve);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            JsonElement[] ranked = [];
            while (ranked.Length == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(250);
                using JsonDocument answer = JsonDocument.Parse(await http.GetStringAsync(new Uri(address, "library/suggest")));
                ranked = [.. answer.RootElement.GetProperty("suggestions").EnumerateArray().Select(e => e.Clone())];
            }

            Assert.Equal(3, ranked.Length);
            var tracks = Directory.GetFiles(_folder.File("music")).Select(Path.GetFullPath).ToHashSet();
            Assert.All(ranked, hit => Assert.Contains(Path.GetFullPath(hit.GetProperty("path").GetString()!), tracks));
            double[] scores = [.. ranked.Select(hit => hit.GetProperty("score").GetDouble())];
            Assert.Equal(scores.Order(), scores);
        }
        finally
        {
            ServeCommandTests.Signal(serve, "TERM");
            if (!serve.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                serve.Kill();
            }
        }
    }

    [Fact]
    public void TheLiveLineEndsWithTheTopSuggestion()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, _folder.File("music")).ExitCode);

        CliResult live = CliProcess.Run(["live", "--input", Playing, "--library", Library, "--suggest", "1", .. Models]);

        Assert.True(live.ExitCode == 0, live.ToString());
        Assert.Contains(live.StdoutLines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"  next: track[0-3]\.wav \(\d+\.\d{3}\)$"));
    }

    [Theory]
    [InlineData(new[] { "--suggest", "2" }, "--suggest needs --library PATH")]
    [InlineData(new[] { "--library", "x.db" }, "--library is read by --suggest N")]
    [InlineData(new[] { "--library", "x.db", "--suggest", "0" }, "--suggest must be at least 1, got 0")]
    public void SuggestWithoutALibraryIsAUsageError(string[] options, string message)
    {
        CliResult live = CliProcess.Run(["live", "--input", Playing, .. options, .. Models]);

        Assert.Equal(2, live.ExitCode);
        Assert.Contains(message, Assert.Single(live.StderrLines), StringComparison.Ordinal);
        Assert.Empty(live.Stdout);
    }

    [Fact]
    public void ALibraryThatIsNotOursIsExitThreeBeforeAnyAudio()
    {
        File.WriteAllText(Library, "my shopping list\n");

        CliResult live = CliProcess.Run(["live", "--input", Playing, "--library", Library, "--suggest", "2", .. Models]);

        Assert.Equal(3, live.ExitCode);
        Assert.StartsWith($"musicemotion: {Library}: not a MusicEmotion library", Assert.Single(live.StderrLines), StringComparison.Ordinal);
        Assert.Empty(live.Stdout);
        Assert.Equal("my shopping list\n", File.ReadAllText(Library));
    }
}
