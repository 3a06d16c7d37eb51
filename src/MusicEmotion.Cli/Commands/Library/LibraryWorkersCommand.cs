using System.CommandLine;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Library.Storage;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary><c>library workers</c>: who is scanning the catalog, on what, how far each got, and what is left.</summary>
internal static class LibraryWorkersCommand
{
    /// <summary>
    /// A worker not heard from for this long is shown as gone: a live one says so at every file and every lease
    /// renewal (a third of the default 60 s lease).
    /// </summary>
    private const double GoneAfterSeconds = 60;

    public static Command Create()
    {
        var library = new LibraryOption();
        var command = new Command("workers", "Show the scan workers of a catalog: host, process, current file, files done");
        library.AddTo(command);
        command.SetAction(parse =>
        {
            using ILibraryStore store = library.Location(parse).Open(create: false);
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("worker").AddColumn("state").AddColumn(new TableColumn("seen").RightAligned())
                .AddColumn(new TableColumn("done").RightAligned()).AddColumn(new TableColumn("unreadable").RightAligned()).AddColumn("on");
            foreach (WorkerStatus worker in store.Workers())
            {
                string state = worker.SecondsSinceSeen > GoneAfterSeconds ? "gone" : worker.CurrentPath is null ? "idle" : "working";
                table.AddRow(
                    Markup.Escape(worker.Worker.Id), state, $"{worker.SecondsSinceSeen:0}s ago", $"{worker.Done}", $"{worker.Failed}",
                    Markup.Escape(worker.CurrentPath ?? ""));
            }
            IAnsiConsole stdout = ConsoleOutput.Stdout();
            stdout.Write(table);
            stdout.WriteLine($"{store.PendingJobs()} files in the queue");
            return ExitCodes.Ok;
        });
        return command;
    }
}
