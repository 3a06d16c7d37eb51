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

    /// <summary>The catalog named; a malformed PostgreSQL URL is a usage error here, before any work.</summary>
    public LibraryLocation Location(ParseResult parse)
    {
        LibraryLocation location = LibraryLocation.From(parse.GetValue(Option));
        if (location.IsShared)
        {
            try
            {
                PostgresUrl.Parse(location.Value);
            }
            catch (ArgumentException error)
            {
                throw new UsageException(error.Message, error);
            }
        }
        return location;
    }
}
