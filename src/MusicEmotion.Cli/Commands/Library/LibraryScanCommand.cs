using System.CommandLine;
using System.Diagnostics;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Scanning;
using MusicEmotion.Library.Storage;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// <c>library scan DIR...</c> and <c>library rescan</c>: plan the work into the catalog's queue, then analyse what is
/// queued on several workers (both cores by default). Other scans of the same catalog, in other processes or on
/// other machines, take files from the same queue. Ctrl+C stops after handing unfinished files back: every track
/// stored is whole, and the next scan resumes with what is left.
/// </summary>
internal static class LibraryScanCommand
{
    public static Command CreateScan()
    {
        var folders = new Argument<string[]>("folders") { Description = "Folders (or files) of music to index", Arity = ArgumentArity.OneOrMore };
        var command = new Command("scan", "Index every audio file under the folders: new and changed files analysed, renames followed, deleted files dropped");
        command.Arguments.Add(folders);
        return Configure(command, (parse, store, sha) => ScanPlanner.Plan(store, parse.GetValue(folders)!, sha));
    }

    public static Command CreateRescan() => Configure(
        new Command("rescan", "Analyse again every track that another model analysed (choose the model with --model)"),
        (_, store, sha) => ScanPlanner.PlanModelChange(store, sha));

    private static Command Configure(Command command, Func<ParseResult, ILibraryStore, string, ScanPlan> plan)
    {
        var library = new LibraryOption();
        var inference = new InferenceOptions();
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Files analysed at once in this process (default: one per core)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var lease = new Option<double>("--lease")
        {
            Description = "Seconds a claimed file stays with a worker that stops renewing (a worker that died)",
            DefaultValueFactory = _ => 60,
        };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not show a progress bar" };
        var verbose = new Option<bool>("--verbose") { Description = "Show engine choices, and stack traces on errors" };
        library.AddTo(command);
        inference.AddTo(command);
        command.Options.Add(jobs);
        command.Options.Add(lease);
        command.Options.Add(noProgress);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            int workers = parse.GetValue(jobs);
            double leaseSeconds = parse.GetValue(lease);
            if (workers < 1 || leaseSeconds < 1)
            {
                throw new UsageException(workers < 1 ? $"--jobs must be at least 1, got {workers}" : $"--lease must be at least 1 second, got {leaseSeconds}");
            }
            var run = new ScanRun(library.Location(parse), TimeSpan.FromSeconds(leaseSeconds), !parse.GetValue(noProgress));
            return run.Execute(() => inference.Load(parse), workers, (store, sha) => plan(parse, store, sha));
        });
        return command;
    }

    /// <summary>One scan: plan, run the workers with a progress bar, report.</summary>
    private sealed record ScanRun(LibraryLocation Location, TimeSpan Lease, bool ShowProgress)
    {
        public int Execute(Func<LoadedModels> loadModels, int workers, Func<ILibraryStore, string, ScanPlan> plan)
        {
            var models = new List<LoadedModels>();
            try
            {
                models.Add(loadModels());
                string sha = models[0].ModelSha256;
                using ILibraryStore store = Location.Open(create: true);
                ScanPlan planned = plan(store, sha);
                int pending = store.PendingJobs();
                Console.Error.WriteLine(
                    $"musicemotion: {store.Location}: {planned.Queued} to analyse, {planned.Unchanged} unchanged, {planned.Renamed} renamed, " +
                    $"{planned.Deleted} dropped; {pending} in the queue");
                while (models.Count < Math.Min(workers, Math.Max(1, pending)))
                {
                    models.Add(loadModels());
                }
                var scan = new LibraryScan(
                    () => Location.Open(create: false),
                    index => new TrackAnalyser(models[index]),
                    Lease);
                using var stop = new StopSignal();
                var clock = Stopwatch.StartNew();
                Task running = scan.RunAsync(models.Count, stop.Token);
                Wait(running, scan.Progress, pending);
                running.GetAwaiter().GetResult();
                return Report(scan.Progress, clock.Elapsed, stop.Token.IsCancellationRequested, store);
            }
            finally
            {
                models.ForEach(loaded => loaded.Dispose());
            }
        }

        private void Wait(Task running, ScanProgress progress, int pending)
        {
            if (!ShowProgress || Console.IsErrorRedirected || pending == 0)
            {
                running.Wait(Timeout.Infinite, CancellationToken.None);
                return;
            }
            ConsoleOutput.Stderr().Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("scan", maxValue: pending);
                    while (!running.Wait(200))
                    {
                        task.Value = progress.Done;
                        task.Description = $"scan {progress.Done}/{pending}";
                    }
                    task.Value = pending;
                });
        }

        private static int Report(ScanProgress progress, TimeSpan elapsed, bool stopped, ILibraryStore store)
        {
            foreach (string failure in progress.Failures)
            {
                Console.Error.WriteLine($"musicemotion: {failure} (recorded as unreadable; the scan went on)");
            }
            double speed = elapsed.TotalSeconds > 0 ? progress.AudioSeconds / elapsed.TotalSeconds : 0;
            string left = stopped ? $"; stopped, {store.PendingJobs()} left in the queue: run the scan again to finish" : "";
            Console.Error.WriteLine(
                $"musicemotion: stored {progress.Done} tracks ({progress.Failed} unreadable) in {elapsed.TotalSeconds:0.0} s, " +
                $"{speed:0.0} times real time{left}");
            return progress.Failed > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }
    }
}
