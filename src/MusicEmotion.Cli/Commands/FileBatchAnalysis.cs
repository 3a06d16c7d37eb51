using System.Text;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference.Models;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Pipeline.Sinks;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>analyze</c> of several files on every core: one lane per core, each with its own engine (an engine carries one
/// stream's state), taking the next file when it finishes one. Each file's output is written into a buffer and
/// printed in the order the files were named, so the output is the sequential run's, byte for byte (a test checks).
/// </summary>
internal static class FileBatchAnalysis
{
    /// <summary>Analyses <paramref name="files"/> and prints their output in that order. <paramref name="first"/> is the
    /// first lane's models, already loaded; each other lane loads its own with <paramref name="load"/>.</summary>
    public static int Run(IReadOnlyList<string> files, LoadedModels first, Func<LoadedModels> load, string format, bool progress, bool verbose)
    {
        int lanes = Math.Min(Environment.ProcessorCount, files.Count);
        var outputs = files.Select(_ => new TaskCompletionSource<FileOutput>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        int claimed = -1;
        var models = new List<LoadedModels> { first };
        try
        {
            for (int i = 1; i < lanes; i++)
            {
                models.Add(load());
            }
            Task[] running = [.. models.Select(set => Task.Run(() =>
            {
                for (int i; (i = Interlocked.Increment(ref claimed)) < files.Count;)
                {
                    try
                    {
                        outputs[i].SetResult(Analyze(files[i], set, format, verbose));
                    }
                    catch (Exception error)
                    {
                        outputs[i].SetException(error);
                    }
                }
            }))];

            Task<FileOutput>[] results = [.. outputs.Select(output => output.Task)];
            if (progress && format == "table" && !Console.IsErrorRedirected)
            {
                ShowProgress(ConsoleOutput.Stderr(), results, lanes);
            }
            int exit = Print(results, format);
            Task.WaitAll(running);
            return exit;
        }
        finally
        {
            foreach (LoadedModels set in models.Skip(1))
            {
                set.Dispose();
            }
        }
    }

    private static FileOutput Analyze(string file, LoadedModels models, string format, bool verbose)
    {
        var text = new StringWriter();
        var bytes = new MemoryStream();
        IReadingSink sink = format switch
        {
            "csv" => new CsvSink(text),
            "jsonl" => new JsonLinesSink(bytes),
            _ => new ReadingTableSink(ConsoleOutput.StdoutInto(text)),
        };
        int exit = AnalyzeCommand.AnalyzeFile(file, [sink], models, progress: null, verbose);
        return new FileOutput(format == "jsonl" ? bytes.ToArray() : Encoding.UTF8.GetBytes(text.ToString()), exit);
    }

    /// <summary>Each file's output as soon as it and every file before it are done; CSV's header once, as one
    /// writer would.</summary>
    private static int Print(Task<FileOutput>[] results, string format)
    {
        Console.Out.Flush();
        using Stream stdout = Console.OpenStandardOutput();
        bool headerWritten = false;
        int exit = ExitCodes.Ok;
        foreach (Task<FileOutput> result in results)
        {
            FileOutput output = result.GetAwaiter().GetResult();
            ReadOnlySpan<byte> bytes = output.Bytes;
            if (format == "csv" && bytes.Length > 0)
            {
                if (headerWritten)
                {
                    bytes = bytes[(bytes.IndexOf((byte)'\n') + 1)..];
                }
                headerWritten = true;
            }
            stdout.Write(bytes);
            stdout.Flush();
            exit = Math.Max(exit, output.Exit);
        }
        return exit;
    }

    private static void ShowProgress(IAnsiConsole console, Task<FileOutput>[] results, int lanes) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{results.Length} files on {lanes} cores", maxValue: results.Length);
                Task all = Task.WhenAll(results);
                while (!all.Wait(100))
                {
                    task.Value = results.Count(result => result.IsCompleted);
                }
                task.Value = results.Length;
            });

    private readonly record struct FileOutput(byte[] Bytes, int Exit);
}
