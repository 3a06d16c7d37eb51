using System.CommandLine;
using System.Runtime.ExceptionServices;
using MusicEmotion.Cli.Bench;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Native.Posix;
using MusicEmotion.Outputs.Bench;
using MusicEmotion.Pipeline.Bench;
using MusicEmotion.Visualiser.Plots;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion bench [FILE]</c>: the latency profiler of the inference core. Runs the per-frame path live runs
/// (features -> engine -> forecaster) on one thread over FILE's frames or synthetic music, and reports each stage's
/// latency distribution, throughput, allocation, collections and CPU time; writes them as JSON/CSV/MessagePack and a
/// plot; compares two runs; or times the same path in PyTorch, interleaved.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file")
        {
            Description = "Audio file whose frames are timed (looped); synthetic music-like frames when left out",
            Arity = ArgumentArity.ZeroOrOne,
        };
        file.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && !File.Exists(t.Value)))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        var frames = new Option<int>("--frames", "-n") { Description = "Frames to measure", DefaultValueFactory = _ => 2000 };
        var duration = new Option<double?>("--duration") { Description = "Measure for this many seconds instead of --frames", HelpName = "SECONDS" };
        var warmUp = new Option<int>("--warmup") { Description = "Frames run before measuring", DefaultValueFactory = _ => 200 };
        var pin = new Option<int?>("--pin") { Description = "Pin the bench thread to this CPU (Linux)", HelpName = "CPU" };
        var priority = new Option<string>("--priority")
        {
            Description = "Scheduling of the bench thread: normal, or realtime (SCHED_FIFO on Linux, as audio engines run)",
            DefaultValueFactory = _ => "normal",
        };
        priority.AcceptOnlyFromAmong("normal", "realtime");
        var load = new Option<int>("--load") { Description = "Busy threads spinning beside the bench, to measure under contention", HelpName = "N" };
        var realtime = new Option<bool>("--realtime") { Description = "Start frames at 2 Hz like live (measures wake-up jitter, not throughput)" };
        var outputs = new Option<string[]>("--out", "-o")
        {
            Description = "Write the report to FILE: .json, .csv or .msgpack by extension (repeat for several)",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var plot = new Option<string?>("--plot") { Description = "Draw the latency histogram and percentile curve to a PNG", HelpName = "FILE.png" };
        var compare = new Option<string[]>("--compare")
        {
            Description = "Compare two JSON reports: ratios B/A per stage and percentile, with a noise note; runs nothing",
            HelpName = "A.json B.json",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var againstPytorch = new Option<bool>("--against-pytorch")
        {
            Description = "Also time the same model and frames in PyTorch (/usr/bin/python3), interleaved block by block",
        };
        var block = new Option<int>("--block") { Description = "Frames per block with --against-pytorch", DefaultValueFactory = _ => 100 };
        var verbose = new Option<bool>("--verbose") { Description = "Show stack traces on errors" };
        var inference = new InferenceOptions();

        var command = new Command("bench", "Profile the per-frame latency of features, inference and forecast on this machine");
        command.Arguments.Add(file);
        foreach (Option option in new Option[] { frames, duration, warmUp, pin, priority, load, realtime, outputs, plot, compare, againstPytorch, block })
        {
            command.Options.Add(option);
        }
        inference.AddTo(command);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            if (parse.GetValue(compare) is { Length: 2 } pair)
            {
                return Compare(pair[0], pair[1]);
            }
            var settings = new BenchSettings(
                parse.GetValue(file),
                new BenchPlan
                {
                    Frames = parse.GetValue(frames),
                    Duration = parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    WarmUp = parse.GetValue(warmUp),
                    Realtime = parse.GetValue(realtime),
                },
                parse.GetValue(pin),
                parse.GetValue(priority) == "realtime",
                parse.GetValue(load),
                parse.GetValue(outputs) ?? [],
                parse.GetValue(plot),
                parse.GetValue(againstPytorch),
                parse.GetValue(block));
            settings.Validate(parse.GetValue(duration));
            BenchFrames input = settings.File is null ? BenchFrames.Synthetic() : BenchFrames.FromFile(settings.File);
            using LoadedModels models = inference.Load(parse);
            // The PyTorch side rebuilds the same forecaster from its file; the linear trend it computes itself.
            string forecaster = models.Forecaster.Info.Kind == ForecasterKind.LinearTrend
                ? ModelRequest.LinearTrend
                : ModelCatalog.Resolve(parse.GetValue(inference.Forecaster)!).OnnxPath;
            return Run(settings, input, models, parse.GetValue(inference.Threads), forecaster);
        });
        return command;
    }

    private static int Run(BenchSettings settings, BenchFrames input, LoadedModels models, int threads, string forecasterPath)
    {
        var stdout = ConsoleOutput.Stdout();
        var machine = BenchMachines.Current();
        var info = models.Engine.Info;
        var setup = new BenchSetup(
            input.Source, input.Count, info.Engine, info.Provider, info.Note, info.ModelName, info.ModelPath, models.Forecaster.Info.Source,
            threads, settings.Plan.WarmUp, settings.Plan.Realtime, settings.Load, settings.Pin,
            settings.RealtimePriority ? ThreadScheduling.RealtimeDescription : "normal");
        BenchTables.WriteHeader(stdout, machine, setup);

        BenchReport? report = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                report = Measure(settings, input, models, forecasterPath, machine, setup);
            }
            catch (Exception error)
            {
                failure = error;
            }
        })
        { Name = "bench", Priority = ThreadPriority.AboveNormal };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        BenchTables.WriteReport(stdout, report!);
        NoteThrottling(settings);
        foreach (string path in settings.Outputs)
        {
            BenchReportFiles.Write(report!, path);
            Console.Error.WriteLine($"musicemotion: wrote {path}");
        }
        if (settings.Plot is { } png)
        {
            string context = LatencyPlot.Save(report!, png);
            Console.Error.WriteLine($"musicemotion: wrote {png} ({context})");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A real-time thread that runs frames back to back for longer than the kernel's real-time budget is paused for
    /// the rest of that period (about 50 ms), which shows as the maximum; live's frames, half a second apart, never
    /// come near the budget. Said beside the table so the pause is not taken for the engine's.
    /// </summary>
    private static void NoteThrottling(BenchSettings settings)
    {
        // Warm-up frames count against the budget too, so any back-to-back run may meet it.
        if (settings.RealtimePriority && !settings.Plan.Realtime && ThreadScheduling.RealtimeThrottle() is { } throttle)
        {
            Console.Error.WriteLine(
                "musicemotion: note: frames ran back to back on a real-time thread; Linux pauses real-time threads that run "
                + $"more than {throttle.Runtime.TotalMilliseconds:0} ms of every {throttle.Period.TotalMilliseconds:0} ms "
                + "(sched_rt_runtime_us), so the max may be such a pause; --realtime paces frames as live does");
        }
    }

    /// <summary>Runs on the bench thread: pinned and real-time there if asked, beside the load threads.</summary>
    private static BenchReport Measure(
        BenchSettings settings, BenchFrames input, LoadedModels models, string forecasterPath, BenchMachine machine, BenchSetup setup)
    {
        if (settings.Pin is { } cpu)
        {
            ThreadAffinity.PinCurrentThread(cpu);
        }
        if (settings.RealtimePriority)
        {
            try
            {
                ThreadScheduling.MakeCurrentThreadRealtime();
            }
            catch (UnauthorizedAccessException refused)
            {
                throw new UnauthorizedAccessException($"--priority realtime: {refused.Message}", refused);
            }
        }
        var bench = new FramePathBench(models.Engine, models.Forecaster, input);
        using var load = new BusyLoad(settings.Load);
        if (!settings.AgainstPytorch)
        {
            return BenchReport.Create(machine, setup, bench.Measure(settings.Plan));
        }
        bench.WarmUp(settings.Plan.WarmUp);
        var (csharp, comparison) = PytorchComparisonRun.Run(
            bench, input, setup.ModelPath, forecasterPath, settings.Plan.Frames, Math.Min(settings.Block, settings.Plan.Frames));
        return BenchReport.Create(machine, setup, csharp, comparison);
    }

    private static int Compare(string pathA, string pathB)
    {
        BenchReport a = BenchReportFiles.ReadJson(pathA);
        BenchReport b = BenchReportFiles.ReadJson(pathB);
        BenchTables.WriteComparison(ConsoleOutput.Stdout(), pathA, a, pathB, b);
        return ExitCodes.Ok;
    }

    /// <summary>The bench's own options, checked before anything is loaded: a bad value is a one-line usage error.</summary>
    private sealed record BenchSettings(
        string? File, BenchPlan Plan, int? Pin, bool RealtimePriority, int Load, string[] Outputs, string? Plot, bool AgainstPytorch, int Block)
    {
        public void Validate(double? durationSeconds)
        {
            Check(Plan.Frames >= 1, $"--frames must be at least 1, got {Plan.Frames}");
            Check(durationSeconds is null || (double.IsFinite(durationSeconds.Value) && durationSeconds > 0),
                $"--duration must be a positive number of seconds, got {durationSeconds}");
            Check(Plan.WarmUp >= 0, $"--warmup must be 0 or more frames, got {Plan.WarmUp}");
            Check(Load is >= 0 and <= 256, $"--load must be between 0 and 256 threads, got {Load}");
            Check(Block >= 1, $"--block must be at least 1 frame, got {Block}");
            if (Pin is { } cpu)
            {
                Check(OperatingSystem.IsLinux(), "--pin is supported on Linux only");
                Check(cpu >= 0 && cpu < Environment.ProcessorCount, $"--pin {cpu}: this machine has CPUs 0 to {Environment.ProcessorCount - 1}");
            }
            Check(!RealtimePriority || OperatingSystem.IsLinux() || OperatingSystem.IsWindows(),
                "--priority realtime is supported on Linux and Windows only");
            foreach (string path in Outputs)
            {
                try
                {
                    BenchReportFiles.CheckExtension(path);
                }
                catch (ArgumentException error)
                {
                    throw new UsageException(error.Message, error);
                }
            }
            Check(Plot is null || Plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase), $"--plot {Plot}: expected a file ending in .png");
            Check(!(AgainstPytorch && Plan.Realtime), "--against-pytorch times frames back to back; it cannot be combined with --realtime");
            Check(!(AgainstPytorch && durationSeconds is not null), "--against-pytorch runs --frames frames; it cannot be combined with --duration");
        }

        private static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new UsageException(message);
            }
        }
    }
}
