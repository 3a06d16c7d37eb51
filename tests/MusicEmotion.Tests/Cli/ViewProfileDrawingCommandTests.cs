using System.Text.RegularExpressions;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// <c>view RECORDING --library PATH</c> as a user runs it, on a real display: a stroke cancelled with Esc searches
/// nothing and leaves the view open; a stroke released prints the table <c>library search --profile</c> prints for the
/// drawn points, with the track that rises like the stroke first. <c>live --view --library</c> draws the same way, and
/// under <c>--format jsonl</c> prints the table on stderr so that stdout stays JSON lines.
/// </summary>
[Collection(DisplayCollection.Name)]
public sealed partial class ViewProfileDrawingCommandTests(DisplayFixture display) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void PDrawsAProfileWhoseSearchIsPrintedAsLibrarySearchPrintsItAndEscCancelsIt()
    {
        display.Require();
        Xdotool.Require();
        string library = _folder.File("library.db");
        ProfileCatalog.Write(library);
        string name = $"draw-{Guid.NewGuid():N}.msgpack";
        string recording = _folder.Write(name, RecordedReadings.Record((SampleReadings.Session(), SampleReadings.Readings(8))).Bytes);
        string title = $"MusicEmotion - {name}";
        // The view opens at its default 1280x720 with the strip shown: the layout the stroke is aimed with.
        ViewLayout layout = ViewLayout.For(1280, 720, showStrip: true);

        using var view = new RunningView(display.Display!, "view", recording, "--fast", "--library", library);
        Xdotool.Run(Xdotool.Stroke(title, layout, ProfileCatalog.Rise, escapeBeforeRelease: true));
        Thread.Sleep(1500);
        Assert.False(view.HasExited, $"Esc while drawing ended the view: {view.Stderr}");
        Assert.Equal("", view.Stdout);

        Xdotool.Run(Xdotool.Stroke(title, layout, ProfileCatalog.Rise));
        view.WaitFor(() => view.Stdout.Contains(ProfileCatalog.Rising, StringComparison.Ordinal));
        int exitCode = view.Stop();
        string table = view.Stdout, errors = view.Stderr;
        Assert.True(exitCode == 0, $"exit {exitCode}\n{table}\n{errors}");

        // One search, after the second stroke; its notice names the drawn points as a --profile to search again.
        Match drawn = Assert.Single(DrawnProfileNotice().Matches(errors));
        CliResult again = LibraryCli.Run(library, "search", "--profile", drawn.Groups[1].Value);
        Assert.True(again.ExitCode == 0, again.ToString());
        string[] viewRows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] searchRows = again.StdoutLines;
        Assert.True(viewRows.Length == searchRows.Length, $"the view printed\n{table}\nlibrary search printed\n{again.Stdout}");
        Assert.Equal(searchRows[0], viewRows[0]);   // the same columns
        string best = viewRows.First(row => row.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        Assert.EndsWith(ProfileCatalog.Rising, best.TrimEnd(), StringComparison.Ordinal);
        // The drawn points are quoted to three decimals, so the distances may differ in the last digit; the ranking may not.
        Assert.EndsWith(ProfileCatalog.Rising, searchRows.First(row => row.TrimStart().StartsWith("1 ", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void LiveWithTheViewAndALibraryDrawsTooAndKeepsItsJsonLinesClean()
    {
        display.Require();
        Xdotool.Require();
        string library = _folder.File("library.db");
        ProfileCatalog.Write(library);
        string playing = LibraryMusic.Write(_folder, "playing.wav", seed: 9, seconds: 4);

        // No --suggest: the view alone reads the library, for drawing. The window stays open after the file ends.
        using var live = new RunningView(display.Display!,
            "live", "--input", playing, "--view", "--library", library, "--format", "jsonl", "--engine", "managed", "--forecaster", "linear");
        Xdotool.Run(Xdotool.Stroke("MusicEmotion - live", ViewLayout.For(1280, 720, showStrip: true), ProfileCatalog.Rise));
        live.WaitFor(() => live.Stderr.Contains(ProfileCatalog.Rising, StringComparison.Ordinal));
        int exitCode = live.Stop();

        Assert.True(exitCode == 0, $"exit {exitCode}\n{live.Stdout}\n{live.Stderr}");
        // The table went to stderr: stdout is the readings' JSON lines and nothing else.
        string? best = live.Stderr.Split('\n').FirstOrDefault(row => row.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        Assert.True(best?.TrimEnd().EndsWith(ProfileCatalog.Rising, StringComparison.Ordinal) == true, $"no table with {ProfileCatalog.Rising} first on stderr:\n{live.Stderr}");
        string[] lines = live.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("{", line, StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingLibraryIsExitThreeBeforeTheWindowOpens()
    {
        string recording = _folder.Write("set.msgpack", RecordedReadings.Record((SampleReadings.Session(), SampleReadings.Readings(4))).Bytes);
        string library = _folder.File("nothing-here.db");

        // No display either: had the window opened first, that would be the error (exit 1).
        CliResult result = CliProcess.Run(new Dictionary<string, string> { ["DISPLAY"] = "", ["WAYLAND_DISPLAY"] = "" }, "view", recording, "--library", library);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith($"musicemotion: {library}: no library there", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(library), "view created the library it was only to read");
    }

    [GeneratedRegex("library search --profile \"([^\"]+)\"")]
    private static partial Regex DrawnProfileNotice();
}
