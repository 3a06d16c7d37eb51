using System.CommandLine;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>The --library option every library command takes, and the one way it becomes a catalog.</summary>
internal sealed class LibraryOption
{
    public Option<string?> Option { get; } = new("--library")
    {
        Description = $"The catalog: an SQLite file, or postgresql://user:password@host[:port]/database for a shared one (default {LibraryLocation.DefaultFile})",
    };

    public void AddTo(Command command) => command.Options.Add(Option);

    public LibraryLocation Location(ParseResult parse) => LibraryLocation.From(parse.GetValue(Option));
}
