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
        var after = new Option<string>("--after") { Description = "The track playing before: its id, path, or file name", Required = true };
        var command = new Command("next", "Rank tracks by how smoothly their opening continues the end of a track (cost in README)");
        command.Options.Add(after);
        output.AddTo(command);
        library.AddTo(command);
        command.SetAction(parse => output.List(parse, library, "cost", (store, limit) =>
        {
            TrackRecord track = LibraryShowCommand.Find(store, parse.GetValue(after)!);
            if (track.Summary is null)
            {
                throw new InvalidDataException($"{track.Path}: was not analysed ({track.Error}); expected an indexed track after --after");
            }
            return NextTrackCost.Rank(CatalogIndex.Load(store), track.Summary.Ends.Ending, limit, excludeId: track.Id);
        }));
        return command;
    }
}
