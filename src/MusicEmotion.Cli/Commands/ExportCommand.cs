using System.CommandLine;
using System.Text;
using MusicEmotion.Outputs.Files;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion export FILE.msgpack --format csv|jsonl [--out FILE]</c>: a recording converted to the same CSV or
/// JSON lines that <c>analyze</c> writes, so spreadsheets and scripts read recordings like any other output.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A recording made with --record" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "csv or jsonl (one JSON object per reading)",
            Required = true,
        }.AcceptOnlyFromAmong("csv", "jsonl");
        var output = new Option<string?>("--out", "-o") { Description = "Write here instead of to stdout", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace --out if it exists" };

        var command = new Command("export", "Convert a recording to CSV or JSON lines");
        command.Arguments.Add(file);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parse =>
        {
            string recording = parse.GetValue(file)!;
            if (parse.GetValue(output) is { } path)
            {
                OutputFile.Check(path, "--out", parse.GetValue(force), [recording]);
            }
            return Run(RecordingReader.Read(recording), parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(force));
        });
        return command;
    }

    private static int Run(Recording recording, string format, string? path, bool force)
    {
        if (recording.Sessions.Count == 0)
        {
            return ReplayCommand.ReportProblem(recording, ExitCodes.Ok);
        }
        Stream stream = path is null ? Console.OpenStandardOutput() : OpenOutput(path, force);
        using (stream)
        {
            using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            IReadingSink sink = format == "csv" ? new CsvSink(text) : new JsonLinesSink(stream);
            return ReplayCommand.Play(recording, [sink], realPace: false, CancellationToken.None);
        }
    }

    private static FileStream OpenOutput(string path, bool force)
    {
        try
        {
            return new FileStream(path, force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out {path}: cannot write the export: {error.Message}", error);
        }
    }
}
