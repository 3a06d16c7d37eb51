using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// library scan, search, show and next on real WAV files and a real SQLite catalog: what is stored, what a second
/// scan skips, renames and deletions, unreadable files, Ctrl+C, and one clear line for each bad input.
/// </summary>
public sealed class LibraryCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public LibraryCommandTests()
    {
        Library = _folder.File("library.db");
        Music = _folder.File("music");
        for (int i = 0; i < 4; i++)
        {
            LibraryMusic.Write(_folder, $"music/track{i}.wav", seed: i);
        }
    }

    private string Library { get; }

    private string Music { get; }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AScanStoresEveryFileRecordsTheUnreadableOneAndASecondScanSkipsThemAll()
    {
        Directory.CreateDirectory(_folder.File("music/sub"));
        string broken = _folder.Write("music/sub/broken.wav", "RIFF not really"u8.ToArray());

        CliResult first = LibraryCli.Scan(Library, Music);
        CliResult second = LibraryCli.Scan(Library, Music);

        Assert.True(first.ExitCode == 3, first.ToString());
        Assert.Contains("5 to analyse, 0 unchanged", first.Stderr, StringComparison.Ordinal);
        Assert.Contains(first.StderrLines, line => line.StartsWith($"musicemotion: {broken}: ", StringComparison.Ordinal) && line.EndsWith("(recorded as unreadable; the scan went on)", StringComparison.Ordinal));
        Assert.Contains("stored 5 tracks (1 unreadable)", first.Stderr, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 to analyse, 5 unchanged, 0 renamed, 0 dropped; 0 in the queue", second.Stderr, StringComparison.Ordinal);
        using JsonDocument shown = JsonDocument.Parse(LibraryCli.Run(Library, "show", "broken.wav", "-f", "jsonl").Stdout);
        Assert.Equal("failed", shown.RootElement.GetProperty("status").GetString());
        Assert.StartsWith($"{broken}: ", shown.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARenamedFileKeepsItsTrackAChangedOneIsAnalysedAgainAndADeletedOneIsDropped()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, Music).ExitCode);
        long before = TrackId("track0.wav");
        File.Move(_folder.File("music/track0.wav"), _folder.File("music/moved.wav"));
        File.Delete(_folder.File("music/track1.wav"));
        LibraryMusic.Write(_folder, "music/track2.wav", seed: 42, seconds: 5);

        CliResult rescan = LibraryCli.Scan(Library, Music);

        Assert.True(rescan.ExitCode == 0, rescan.ToString());
        Assert.Contains("1 to analyse, 1 unchanged, 1 renamed, 1 dropped", rescan.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, TrackId("moved.wav"));
        Assert.Equal(3, LibraryCli.Run(Library, "show", "track1.wav").ExitCode);
        Assert.Equal(5.0, ShowJson("track2.wav").GetProperty("duration").GetDouble(), 3);
        Assert.Equal(2, Count("SELECT analyses FROM tracks WHERE path = @path", _folder.File("music/track2.wav")));
    }

    [Fact]
    public void SearchShowAndNextListTheCatalogInEachFormat()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, Music).ExitCode);

        CliResult jsonl = LibraryCli.Run(Library, "search", "--point", "0.2,-0.1", "-f", "jsonl");
        CliResult csv = LibraryCli.Run(Library, "search", "--profile", "-0.5,-0.5; 0.5,0.5", "--duration", "2", "-f", "csv", "-n", "2");
        CliResult table = LibraryCli.Run(Library, "next", "--after", "track0.wav");
        CliResult show = LibraryCli.Run(Library, "show", "track1.wav");

        Assert.True(jsonl.ExitCode == 0, jsonl.ToString());
        double[] distances = jsonl.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("distance").GetDouble()).ToArray();
        Assert.Equal(4, distances.Length);
        Assert.Equal(distances.Order(), distances);
        Assert.Equal("rank,id,path,dtw,segment_start,segment_end,duration,mean_arousal,mean_valence,dominant_quadrant", csv.StdoutLines[0]);
        Assert.Equal(3, csv.StdoutLines.Length);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(3, table.StdoutLines.Count(line => line.Contains(".wav", StringComparison.Ordinal)));
        Assert.DoesNotContain("track0.wav", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("valence    positive", show.Stdout, StringComparison.Ordinal);
        JsonElement summary = ShowJson("track1.wav");
        double shares = summary.GetProperty("positive_share").GetDouble() + summary.GetProperty("neutral_share").GetDouble() + summary.GetProperty("negative_share").GetDouble();
        Assert.Equal(1.0, shares, 5);
        Assert.Equal(8, summary.GetProperty("readings").GetInt32());
    }

    [Fact]
    public void APlaylistIsWrittenButNeverOverwrittenWithoutForce()
    {
        Assert.Equal(0, LibraryCli.Scan(Library, Music).ExitCode);
        string playlist = _folder.File("set.m3u");

        CliResult written = LibraryCli.Run(Library, "next", "--after", "track3.wav", "-n", "2", "--m3u", playlist);
        string[] lines = File.ReadAllLines(playlist);
        CliResult refused = LibraryCli.Run(Library, "search", "--point", "0,0", "--m3u", playlist);
        CliResult forced = LibraryCli.Run(Library, "search", "--point", "0,0", "-n", "1", "--m3u", playlist, "--force");

        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("#EXTINF:4,track", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal([$"musicemotion: --m3u {playlist}: the file exists; pass --force to replace it, or choose another name"], refused.StderrLines);
        Assert.Empty(refused.Stdout);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(3, File.ReadAllLines(playlist).Length);
    }

    [Theory]
    [InlineData(new[] { "search", "--profile", "0.5,0.5" }, 2, "musicemotion: --profile: 1 point(s) given; expected at least two 'arousal,valence' points separated by ';'")]
    [InlineData(new[] { "search", "--profile", "0.5,0.5; 0,1.2" }, 2, "musicemotion: --profile: point 2 '0,1.2' is not valid; expected arousal,valence with both in [-1, 1]")]
    [InlineData(new[] { "search", "--point", "2,0" }, 2, "musicemotion: --point '2,0': expected arousal,valence with both in [-1, 1], e.g. 0.5,-0.2")]
    [InlineData(new[] { "search", "--point", "0,0", "--profile", "0,0; 1,1" }, 2, "musicemotion: library search needs exactly one of --point A,V or --profile PROFILE")]
    [InlineData(new[] { "show", "nothing.wav" }, 3, "musicemotion: LIBRARY: no track 'nothing.wav'; expected a track id, a catalogued path, or a file name only one track has")]
    public void BadQueriesAreOneLineWithTheirExitCode(string[] arguments, int exitCode, string message)
    {
        Assert.Equal(0, LibraryCli.Scan(Library, Music).ExitCode);

        CliResult result = LibraryCli.Run(Library, arguments);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal([message.Replace("LIBRARY", Library, StringComparison.Ordinal)], result.StderrLines);
    }

    [Fact]
    public void ALibraryFileThatIsNotOursIsRefusedAndLeftAsItWas()
    {
        File.WriteAllText(Library, "my shopping list\n");

        CliResult scan = LibraryCli.Scan(Library, Music);
        CliResult search = LibraryCli.Run(Library, "search", "--point", "0,0");

        Assert.Equal(3, scan.ExitCode);
        Assert.Equal([$"musicemotion: {Library}: not a MusicEmotion library (not an SQLite database); expected a musicemotion-library version 1 catalog made by 'musicemotion library scan'"], scan.StderrLines);
        Assert.Equal(3, search.ExitCode);
        Assert.Equal("my shopping list\n", File.ReadAllText(Library));
    }

    [Fact]
    public void AMissingLibraryAndAnUnreachableServerAreOneLineEach()
    {
        CliResult missing = LibraryCli.Run(_folder.File("none.db"), "search", "--point", "0,0");
        CliResult unreachable = LibraryCli.Run("postgresql://me:secret@127.0.0.1:1/catalog", "show", "1");

        Assert.Equal(3, missing.ExitCode);
        Assert.Single(missing.StderrLines);
        Assert.Contains("no library there", missing.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("none.db")));
        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith("musicemotion: postgresql://me@127.0.0.1:1/catalog: cannot open the catalog: ", Assert.Single(unreachable.StderrLines), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", unreachable.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void RescanWithAnotherModelAnalysesEveryTrackAgain()
    {
        string other = Path.Combine(Requires.ReferenceData(), "stateful_random.onnx");
        Assert.Equal(0, LibraryCli.Scan(Library, Music).ExitCode);
        string shipped = ShowJson("track0.wav").GetProperty("model_sha256").GetString()!;

        CliResult rescan = LibraryCli.Rescan(Library, "--model", other);
        CliResult again = LibraryCli.Rescan(Library, "--model", other);

        Assert.True(rescan.ExitCode == 0, rescan.ToString());
        Assert.Contains("4 to analyse, 0 unchanged", rescan.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(shipped, ShowJson("track0.wav").GetProperty("model_sha256").GetString());
        Assert.Equal("stateful_random", ShowJson("track0.wav").GetProperty("model").GetString());
        Assert.Contains("0 to analyse, 4 unchanged", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlCLeavesOnlyWholeTracksAndTheNextScanFinishes()
    {
        for (int i = 4; i < 14; i++)
        {
            LibraryMusic.Write(_folder, $"music/long{i}.wav", seed: i, seconds: 30);
        }
        using Process scan = LibraryCli.StartScan(Library, Music, "--jobs", "1");
        Task<string> errors = scan.StandardError.ReadToEndAsync();
        WaitUntil(() => File.Exists(Library) && Count("SELECT COUNT(*) FROM tracks") >= 2, scan, "two tracks stored");

        Process.Start("kill", ["-INT", scan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(scan.WaitForExit(TimeSpan.FromMinutes(1)), "scan did not stop after SIGINT");
        long stored = Count("SELECT COUNT(*) FROM tracks");
        string stderr = await errors;

        Assert.True(scan.ExitCode == 0, stderr);
        Assert.Contains("stopped", stderr, StringComparison.Ordinal);
        Assert.InRange(stored, 2, 13);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM scan_jobs WHERE worker IS NOT NULL"));
        using (ILibraryStore store = new LibraryLocation(Library).Open(create: false))
        {
            Assert.All(store.Tracks(), track => Assert.Equal(track.Summary!.Readings, store.Trajectory(track.Id).Count));
        }
        CliResult resumed = LibraryCli.Scan(Library, Music);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"{14 - stored} to analyse, {stored} unchanged", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(14, Count("SELECT COUNT(*) FROM tracks WHERE analyses = 1"));
    }

    private static void WaitUntil(Func<bool> condition, Process process, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, $"the scan exited before {what}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"no {what} within two minutes");
            Thread.Sleep(50);
        }
    }

    /// <summary>A number from the catalog, read behind the command's back (WAL mode lets a reader in while it writes).</summary>
    private long Count(string sql, string? path = null)
    {
        using var connection = new SqliteConnection($"Data Source={Library};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@path", path ?? "");
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // the scan has not created the tables yet
        }
    }

    private JsonElement ShowJson(string track)
    {
        CliResult shown = LibraryCli.Run(Library, "show", track, "-f", "jsonl");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        return JsonDocument.Parse(shown.Stdout).RootElement.Clone();
    }

    private long TrackId(string track) => ShowJson(track).GetProperty("id").GetInt64();
}
