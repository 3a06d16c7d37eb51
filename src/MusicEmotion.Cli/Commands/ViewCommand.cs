using System.CommandLine;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion view RECORDING</c>: replays a recording into the OpenGL view at the pace it was recorded (or
/// --fast). The window runs on this thread; the replay publishes from another and never waits for the view.
/// The window stays open at the end, showing the whole session, until it is closed. With --library, P draws a
/// profile with the mouse and searches the library for it, and E labels what the listener feels at the moment shown.
/// </summary>
internal static class ViewCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("recording") { Description = "A recording made with --record" };
        var fast = new Option<bool>("--fast") { Description = "Replay without waiting (draws the whole session at once)" };
        var view = new ViewWindowOptions();
        var library = new LibraryOption();
        library.Option.Description = "A catalog to search with a profile drawn in the view (P, then draw with the left button held)";
        var command = new Command("view", "Replay a recording in the OpenGL circumplex view");
        command.Arguments.Add(file);
        command.Options.Add(fast);
        view.AddTo(command, window: true);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            Recording recording = RecordingReader.Read(path);
            if (recording.Sessions.Count == 0)
            {
                return ReplayCommand.ReportProblem(recording, ExitCodes.Ok);
            }
            var options = view.Create(parse, $"MusicEmotion - {Path.GetFileName(path)}");
            CatalogIndex? catalog = Catalog(parse, library);
            using var stop = new StopSignal();
            var feed = new ViewFeed(Math.Max(64, recording.Sessions.Sum(s => s.Readings.Count) + 16));
            using var window = VisualiserWindow.Open(options);
            DrawnProfileSearch.Attach(window, catalog, stdoutCarriesData: false);
            FeelingLabels.Attach(window, catalog is null ? null : library.Location(parse), recording.Sessions[^1].Header.Session.Source);
            using var replayStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            Task<int> replay = Task.Run(() =>
                ReplayCommand.Play(recording, [new ViewSink(feed)], realPace: !parse.GetValue(fast), replayStop.Token));
            window.Run(feed, stop.Token);
            // Closing the window ends the replay too; what was already shown was already replayed.
            replayStop.Cancel();
            window.ProfileSearchTask.Wait(CancellationToken.None);
            window.FeelingTask.Wait(CancellationToken.None);
            return replay.GetAwaiter().GetResult();
        });
        return command;
    }

    /// <summary>The catalog --library names, loaded before the window opens so a bad one fails first (exit 3); null without it.</summary>
    private static CatalogIndex? Catalog(ParseResult parse, LibraryOption library)
    {
        if (parse.GetValue(library.Option) is null)
        {
            return null;
        }
        using ILibraryStore store = library.Location(parse).Open(create: false);
        return CatalogIndex.Load(store);
    }
}
