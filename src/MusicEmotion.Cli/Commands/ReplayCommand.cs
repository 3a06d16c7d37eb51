using System.CommandLine;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion replay FILE.msgpack</c>: re-emits a recording through the same sinks a session has (a console
/// format, OSC, another recording) at the pace it was recorded, or as fast as they take it with --fast. A file cut
/// short by a crash replays up to its last complete reading.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A recording made with --record" };
        var fast = new Option<bool>("--fast") { Description = "Do not wait: emit readings as fast as the outputs take them" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Console output: line (one line per reading as it comes), table, csv, or jsonl",
            DefaultValueFactory = _ => "line",
        }.AcceptOnlyFromAmong("line", "table", "csv", "jsonl");
        var verbose = new Option<bool>("--verbose") { Description = "Stack traces on errors" };
        var outputs = new OutputOptions();

        var command = new Command("replay", "Replay a recording through the console, OSC or a new recording, at real pace or --fast");
        command.Arguments.Add(file);
        command.Options.Add(fast);
        command.Options.Add(format);
        outputs.AddTo(command);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            Recording recording = RecordingReader.Read(parse.GetValue(file)!);
            if (recording.Sessions.Count == 0)
            {
                return ReportProblem(recording, ExitCodes.Ok);
            }
            using OutputSinks extra = outputs.CreateSinks(parse);
            IReadingSink console = parse.GetValue(format) switch
            {
                "table" => new ReadingTableSink(ConsoleOutput.Stdout()),
                "csv" => new CsvSink(Console.Out),
                "jsonl" => new JsonLinesSink(Console.OpenStandardOutput()),
                _ => new ReadingLineSink(Console.Out),
            };
            using var stop = new StopSignal();
            return Play(recording, [console, .. extra], realPace: !parse.GetValue(fast), stop.Token);
        });
        return command;
    }

    /// <summary>
    /// Plays <paramref name="recording"/> into <paramref name="sinks"/> and reports, on stderr, any output that
    /// failed and where the file stopped being readable. Exit code: 0, also for a file merely cut short (a crash
    /// while recording); 3 when the file is damaged or no recording; 1 when an output failed.
    /// </summary>
    public static int Play(Recording recording, IReadOnlyList<IReadingSink> sinks, bool realPace, CancellationToken cancellationToken)
    {
        IReadOnlyList<SessionSummary> summaries = new RecordingPlayer(sinks, realPace).PlayAsync(recording, cancellationToken).GetAwaiter().GetResult();
        int exit = SessionOutcome.ReportFailedSinks(summaries.SelectMany(s => s.FailedSinks).DistinctBy(f => f.Sink));
        return ReportProblem(recording, exit);
    }

    /// <summary>Says where the file stopped being readable, if it did, and raises the exit code for damage.</summary>
    internal static int ReportProblem(Recording recording, int exit)
    {
        if (recording.Problem is null)
        {
            return exit;
        }
        Console.Error.WriteLine($"musicemotion: {recording.Problem}");
        return recording.IsTruncated && recording.Sessions.Count > 0 ? exit : Math.Max(exit, ExitCodes.BadInput);
    }
}
