using System.CommandLine;
using System.CommandLine.Parsing;
using MusicEmotion.Cli.Commands;

namespace MusicEmotion.Cli;

/// <summary>
/// The musicemotion command. Each subcommand is a class under Commands/ that declares its options and wires
/// stages; this file only assembles them and maps failures to exit codes and one-line messages.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("MusicEmotion: real-time music emotion analysis on Russell's circumplex (valence x arousal).");
        foreach (Command command in Commands())
        {
            root.Subcommands.Add(command);
        }
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, however many problems: scripts and logs read the first line of an error.
            string problems = string.Join("; ", parse.Errors.Select(OneLine));
            Console.Error.WriteLine($"musicemotion: {problems} (see 'musicemotion --help')");
            return ExitCodes.Usage;
        }
        bool verbose = args.Contains("--verbose");
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception error)
        {
            return CliErrors.Report(error, verbose);
        }
    }

    /// <summary>
    /// A parse error on one line, naming the option it concerns: System.CommandLine lists the allowed values of an
    /// option one per line ("Must be one of:\n\t'table'\n\t'csv'"), which a log or a script reads badly.
    /// </summary>
    private static string OneLine(ParseError error)
    {
        string[] lines = error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string message = lines.Length > 1 && lines[0].EndsWith(':') ? $"{lines[0]} {string.Join(", ", lines[1..])}" : string.Join(' ', lines);
        // Only the library's value check leaves the option unnamed; the project's own validators name it already.
        return error.SymbolResult is OptionResult { Option.Name: var option } && message.StartsWith("Argument '", StringComparison.Ordinal)
            ? $"{option}: {message}"
            : message;
    }

    private static IEnumerable<Command> Commands() =>
    [
        AnalyzeCommand.Create(),
        FeaturesCommand.Create(),
        DevicesCommand.Create(),
        LiveCommand.Create(),
        ModelsCommand.Create(),
        RenderCommand.Create(),
        ViewCommand.Create(),
        ReplayCommand.Create(),
        ExportCommand.Create(),
        ServeCommand.Create(),
        BenchCommand.Create(),
        FeedbackCommand.Create(),
        CalibrateCommand.Create(),
        global::MusicEmotion.Cli.Commands.Library.LibraryCommand.Create(),
    ];
}
