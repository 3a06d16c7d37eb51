using System.CommandLine;
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
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"musicemotion: {error.Message}");
            }
            Console.Error.WriteLine("Run 'musicemotion --help' for usage.");
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
    ];
}
