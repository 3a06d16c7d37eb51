using System.CommandLine;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Search;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary><c>library next --after TRACK</c>: the tracks whose opening continues TRACK's ending most smoothly, for set planning.</summary>
internal static class LibraryNextCommand
{
    public static Command Create()
    {
        var library = new LibraryOption();
        var output = new OutputFormatOptions();
        var calibration = new CalibrationOption();
        var after = new Option<string>("--after") { Description = "The track playing before: its id, path, or file name", Required = true };
        var command = new Command("next", "Rank tracks by how smoothly their opening continues the end of a track (cost in README)");
        command.Options.Add(after);
        calibration.AddTo(command);
        output.AddTo(command);
        library.AddTo(command);
        command.SetAction(parse => output.List(parse, library, "cost", (store, limit) =>
        {
            TrackRecord track = LibraryShowCommand.Find(store, parse.GetValue(after)!);
            if (track.Summary is null)
            {
                throw new InvalidDataException($"{track.Path}: was not analysed ({track.Error}); expected an indexed track after --after");
            }
            // The track playing before ends as the calibration reads it too.
            CatalogIndex index = calibration.Index(parse, store);
            TrackEnds ends = index.Tracks.First(t => t.Id == track.Id).Summary!.Ends;
            return NextTrackCost.Rank(index, ends.Ending, limit, excludeId: track.Id);
        }));
        return command;
    }
}
