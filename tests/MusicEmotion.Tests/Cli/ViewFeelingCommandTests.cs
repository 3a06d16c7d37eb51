using MusicEmotion.Inference;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// E in <c>view RECORDING --library PATH</c> as a user runs it, on a real display with a real scanned library: a click
/// on the circumplex and a quadrant key are stored as labels of the recorded track (as <c>feedback list</c> shows),
/// each confirmed by a notice; E then Esc stores nothing.
/// </summary>
[Collection(DisplayCollection.Name)]
public sealed class ViewFeelingCommandTests(DisplayFixture display) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void EThenAClickOrAKeyStoresALabelOfTheRecordedTrack()
    {
        display.Require();
        Xdotool.Require();
        string library = _folder.File("library.db");
        string track = LibraryMusic.Write(_folder, "music/track.wav", seed: 3, seconds: 8);
        CliResult scan = LibraryCli.Scan(library, _folder.File("music"));
        Assert.True(scan.ExitCode == 0, scan.ToString());
        string name = $"feel-{Guid.NewGuid():N}.msgpack";
        string recording = _folder.File(name);
        CliResult analyzed = CliProcess.Run(["analyze", track, "-f", "jsonl", "--record", recording, "--engine", "managed", "--forecaster", "linear"]);
        Assert.True(analyzed.ExitCode == 0, analyzed.ToString());
        string title = $"MusicEmotion - {name}";
        (float x, float y) = ViewLayout.For(1280, 720, showStrip: true).ToPixel(new AffectPoint(-0.4f, 0.7f));

        using var view = new RunningView(display.Display!, "view", recording, "--fast", "--library", library);
        string window = $"search --sync --onlyvisible --name \"{title}\" mousemove --window %1 20 20 sleep 1";
        Xdotool.Run($"{window} key e sleep 0.3 mousemove --window %1 {x:0} {y:0} sleep 0.2 click 1");
        view.WaitFor(() => view.Stderr.Contains("label 1 stored", StringComparison.Ordinal));
        Xdotool.Run($"{window} key e sleep 0.3 key Escape sleep 0.5 key e sleep 0.3 key 4");
        view.WaitFor(() => view.Stderr.Contains("label 2 stored", StringComparison.Ordinal));
        int exitCode = view.Stop();
        Assert.True(exitCode == 0, $"exit {exitCode}\n{view.Stdout}\n{view.Stderr}");
        Assert.Contains("label cancelled", view.Stderr, StringComparison.Ordinal);

        CliResult list = CliProcess.Run(["feedback", "list", "--library", library]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(2, list.StdoutLines.Length);
        Assert.Contains("felt (-0.40, +0.70)", list.StdoutLines[0], StringComparison.Ordinal);
        Assert.Contains("calm", list.StdoutLines[1], StringComparison.Ordinal);
        Assert.All(list.StdoutLines, line => Assert.EndsWith(track, line, StringComparison.Ordinal));
        // Each label kept the model's hidden state for the head refit, as feedback add's do.
        using FeedbackStore feedback = FeedbackStore.Open(new LibraryLocation(library));
        Assert.All(feedback.List(), label => Assert.NotEmpty(label.Hidden ?? []));
    }
}
