using System.CommandLine;
using MusicEmotion.Audio;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Scanning;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion analyze FILE...</c>: every file through the same pipeline as live audio (with waiting channels
/// instead of dropping ones), one reading per 0.5 s frame, printed as a table, CSV or JSON lines.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var files = FileArguments.Create(
            "Audio files: WAV (any PCM or float format), or FLAC/OGG/MP3/AIFF through libsndfile; a folder stands for the audio files under it");
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output: table (readable), csv, or jsonl (one JSON object per frame)",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "csv", "jsonl");
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not show a progress bar on long files" };
        var verbose = new Option<bool>("--verbose") { Description = "Show engine choices, and stack traces on errors" };
        var inference = new InferenceOptions();
        var outputs = new OutputOptions();

        var command = new Command("analyze", "Estimate arousal and valence of audio files, twice a second");
        command.Arguments.Add(files);
        command.Options.Add(format);
        inference.AddTo(command);
        outputs.AddTo(command);
        command.Options.Add(noProgress);
        command.Options.Add(verbose);
        command.SetAction(parse => Run(
            parse.GetValue(files)!, parse.GetValue(format)!, !parse.GetValue(noProgress), parse.GetValue(verbose), inference.Load(parse),
            () => inference.Load(parse), outputs.CreateSinks(parse)));
        return command;
    }

    private static int Run(
        string[] arguments, string format, bool progress, bool verbose, LoadedModels models, Func<LoadedModels> loadMore, OutputSinks outputs)
    {
        using (models)
        using (outputs)
        {
            (IReadOnlyList<string> files, int exit) = Expand(arguments);
            // Several files on every core, unless outputs that see every reading in order (--osc, --record) are on.
            if (files.Count > 1 && outputs.Count == 0 && Environment.ProcessorCount > 1)
            {
                return Math.Max(exit, FileBatchAnalysis.Run(files, models, loadMore, format, progress, verbose));
            }
            var stdout = ConsoleOutput.Stdout();
            var stderr = ConsoleOutput.Stderr();
            if (verbose && models.Engine.Info.Note.Length > 0)
            {
                Console.Error.WriteLine($"musicemotion: {models.Engine.Info.Note}");
            }
            IReadingSink sink = format switch
            {
                "csv" => new CsvSink(Console.Out),
                "jsonl" => new JsonLinesSink(Console.OpenStandardOutput()),
                _ => new ReadingTableSink(stdout),
            };
            foreach (string file in files)
            {
                int result = AnalyzeFile(file, [sink, .. outputs], models, format == "table" && progress ? stderr : null, verbose);
                exit = Math.Max(exit, result);
            }
            return exit;
        }
    }

    /// <summary>The files the arguments name: a file as given, a folder as the audio files under it (sorted); a folder
    /// without any is reported as an input error and the others are still analysed.</summary>
    private static (IReadOnlyList<string> Files, int Exit) Expand(string[] arguments)
    {
        var files = new List<string>();
        int exit = ExitCodes.Ok;
        foreach (string argument in arguments)
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument);
                continue;
            }
            IReadOnlyList<string> found = AudioFileFinder.Find([argument]);
            if (found.Count == 0)
            {
                Console.Error.WriteLine($"musicemotion: {argument}: no audio files in this folder (expected .wav, .flac, .ogg, .mp3, .aiff ...)");
                exit = ExitCodes.BadInput;
            }
            files.AddRange(found);
        }
        return (files, exit);
    }

    internal static int AnalyzeFile(string file, IReadOnlyList<IReadingSink> sinks, LoadedModels models, IAnsiConsole? progress, bool verbose)
    {
        FileFrameSource source;
        try
        {
            source = new FileFrameSource(file);
        }
        catch (AudioInputException error)
        {
            return CliErrors.Report(error, verbose);
        }
        using (source)
        {
            var session = new EmotionSession(source, models, sinks, PipelineOptions.File);
            Task<SessionSummary> run = session.RunAsync(CancellationToken.None);
            if (progress is not null && source.ExpectedFrames is > 240 && !Console.IsErrorRedirected)
            {
                ShowProgress(progress, file, source.ExpectedFrames.Value, session.Pipeline, run);
            }
            return SessionOutcome.Report(run.GetAwaiter().GetResult(), file, source.Kind, verbose);
        }
    }

    private static void ShowProgress(IAnsiConsole console, string file, long frames, EmotionPipeline pipeline, Task run) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: frames);
                while (!run.Wait(100))
                {
                    task.Value = pipeline.Counters.Readings;
                }
                task.Value = frames;
            });
}
