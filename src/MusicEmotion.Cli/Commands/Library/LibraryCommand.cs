using System.CommandLine;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// <c>musicemotion library ...</c>: index a music collection into a catalog (SQLite file or PostgreSQL), search it by
/// emotion point or drawn profile, show a track, plan the next track, watch the workers of a shared scan, measure.
/// </summary>
internal static class LibraryCommand
{
    public static Command Create()
    {
        var command = new Command("library", "Index music by emotion and search it: scan, rescan, search, show, next, workers, bench");
        command.Subcommands.Add(LibraryScanCommand.CreateScan());
        command.Subcommands.Add(LibraryScanCommand.CreateRescan());
        command.Subcommands.Add(LibrarySearchCommand.Create());
        command.Subcommands.Add(LibraryShowCommand.Create());
        command.Subcommands.Add(LibraryNextCommand.Create());
        command.Subcommands.Add(LibraryWorkersCommand.Create());
        command.Subcommands.Add(LibraryBenchCommand.Create());
        return command;
    }
}
