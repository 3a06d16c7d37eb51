using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Capture.Wasapi;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Search;
using MusicEmotion.Native.Posix;
using MusicEmotion.Library.Storage;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion live</c>: listens to an input device (or what the machine plays, or a file played in real time)
/// and reports the emotion twice a second, through the pipeline's live path: capture ring, pump, features,
/// inference and sinks, each stage dropping its oldest work (counted) rather than falling behind.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var device = new Option<string?>("--device", "-d")
        {
            Description = "Input device: its index or part of its name (see 'musicemotion devices'); default: the default input",
        };
        var loopback = new Option<bool>("--loopback")
        {
            Description = "Capture what this machine plays: the monitor of the default output (PulseAudio/PipeWire), WASAPI loopback on Windows",
        };
        var process = new Option<string?>(ProcessLoopbackTarget.OptionName)
        {
            Description = "Capture what one program plays (with its child processes), by name or id: WASAPI process loopback, Windows 10 2004+ only",
        };
        var input = new Option<string?>("--input", "-i")
        {
            Description = "Play FILE through the live path in real time instead of capturing (demos, tests)",
        };
        var loop = new Option<bool>("--loop") { Description = "With --input: start the file over each time it ends, until stopped" };
        var rate = new Option<int?>("--rate") { Description = "Sample rate to ask the device for (default: its own; falls back to it)" };
        var channels = new Option<int>("--channels")
        {
            Description = "Channels to capture, averaged to mono (at most the device's)",
            DefaultValueFactory = _ => 2,
        };
        var bufferMs = new Option<double>("--buffer-ms")
        {
            Description = "Capture buffer in milliseconds: audio per callback, the delay capture adds",
            DefaultValueFactory = _ => 10,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output: line (a live-updating line on a terminal, a line per reading when piped) or jsonl",
            DefaultValueFactory = _ => "line",
        }.AcceptOnlyFromAmong("line", "jsonl");
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: until Ctrl+C)" };
        var stats = new Option<bool>("--stats")
        {
            Description = "At the end, print latency per stage (median/p99/max) and counters (frames, drops, overruns) on stderr;"
                + " press 's' or send SIGUSR1 for them while it runs",
        };
        var statsEvery = new Option<double?>("--stats-every") { Description = "Also print them every SECONDS" };
        var cpu = new Option<int?>("--cpu")
        {
            Description = "Pin the live thread (capture, features, inference) to this CPU (default: the last one this process may use)",
            HelpName = "N",
        };
        var noPin = new Option<bool>("--no-pin") { Description = "Leave the live thread unpinned, for the scheduler to place" };
        var priority = new Option<string>("--priority")
        {
            Description = "Scheduling of the live thread: normal, or realtime (SCHED_FIFO on Linux, MMCSS on Windows)",
            DefaultValueFactory = _ => "normal",
        };
        priority.AcceptOnlyFromAmong("normal", "realtime");
        var reconnect = new Option<bool>("--reconnect") { Description = "When the device fails or disappears, keep retrying instead of ending" };
        var verbose = new Option<bool>("--verbose") { Description = "Show engine choices, the sound libraries' own messages, and stack traces" };
        var library = new LibraryOption();
        var suggest = new Option<int?>("--suggest")
        {
            Description = "Rank the N library tracks whose opening continues the music most smoothly, about once a second (needs --library; cost in README)",
        };
        var showView = new Option<bool>("--view") { Description = "Open the OpenGL circumplex view (closing it ends the session)" };
        var inference = new InferenceOptions();
        var outputs = new OutputOptions();
        var view = new ViewWindowOptions();

        var command = new Command("live", "Estimate arousal and valence of live audio, twice a second, as it plays");
        foreach (Option option in new Option[] { device, loopback, process, input, loop, rate, channels, bufferMs, format })
        {
            command.Options.Add(option);
        }
        inference.AddTo(command);
        outputs.AddTo(command);
        library.AddTo(command);
        command.Options.Add(suggest);
        command.Options.Add(showView);
        view.AddTo(command, window: true);
        foreach (Option option in new Option[] { cpu, noPin, priority, duration, stats, statsEvery, reconnect, verbose })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var settings = new LiveSettings(
                parse.GetValue(input),
                parse.GetValue(loop),
                new CaptureRequest
                {
                    Device = parse.GetValue(device),
                    Loopback = parse.GetValue(loopback),
                    Process = parse.GetValue(process),
                    SampleRate = parse.GetValue(rate),
                    Channels = parse.GetValue(channels),
                    BufferMilliseconds = parse.GetValue(bufferMs),
                    Quiet = !parse.GetValue(verbose),
                },
                parse.GetValue(format)!,
                parse.GetValue(duration),
                parse.GetValue(stats),
                parse.GetValue(statsEvery),
                parse.GetValue(reconnect),
                parse.GetValue(verbose));
            settings.Validate();
            DspThreadOptions dsp = DspThread(parse.GetValue(cpu), parse.GetValue(noPin), parse.GetValue(priority) == "realtime");
            bool viewing = parse.GetValue(showView);
            SuggestionSink? suggestions = Suggestions(parse, library, suggest, viewing, out CatalogIndex? catalog);
            ViewOptions? window = viewing ? view.Create(parse, "MusicEmotion - live") : null;
            using OutputSinks extra = outputs.CreateSinks(parse, suggestions: suggestions?.Board);
            LibraryLocation? labels = catalog is null ? null : library.Location(parse);
            return Run(settings, dsp, () => inference.Load(parse), extra, window, suggestions, catalog, labels);
        });
        return command;
    }

    /// <summary>
    /// The live thread's core and priority from --cpu, --no-pin and --priority, tried now on a throwaway thread so a
    /// CPU this process may not use or a refused priority is one line before any audio is captured.
    /// </summary>
    private static DspThreadOptions DspThread(int? cpu, bool noPin, bool realtime)
    {
        if (cpu is not null && noPin)
        {
            throw new UsageException("--cpu pins the live thread and --no-pin leaves it unpinned; give one of them");
        }
        if (cpu is not null && !ThreadAffinity.Supported)
        {
            throw new UsageException("--cpu is supported on Linux and Windows only");
        }
        if (cpu is < 0 || cpu >= Environment.ProcessorCount)
        {
            throw new UsageException($"--cpu {cpu}: this machine has CPUs 0 to {Environment.ProcessorCount - 1}");
        }
        if (realtime && !(OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            throw new UsageException("--priority realtime is supported on Linux and Windows only");
        }
        DspThreadOptions dsp = (noPin ? new DspThreadOptions() : cpu is { } pinned ? new DspThreadOptions { Cpu = pinned } : DspThreadOptions.Default) with
        {
            Realtime = realtime,
            Notice = message => Console.Error.WriteLine($"musicemotion: {message}"),
        };
        try
        {
            dsp.Verify();
        }
        catch (ArgumentOutOfRangeException refused)
        {
            throw new UsageException($"--cpu {cpu}: {refused.Message.ReplaceLineEndings(" ")}");
        }
        catch (UnauthorizedAccessException refused)
        {
            throw new UnauthorizedAccessException($"--priority realtime: {refused.Message}", refused);
        }
        return dsp;
    }

    /// <summary>The suggestion sink for --library with --suggest, its catalog loaded now so a bad library fails before any audio.</summary>
    internal static SuggestionSink? Suggestions(ParseResult parse, LibraryOption library, Option<int?> suggest) =>
        Suggestions(parse, library, suggest, readWithoutSuggest: false, out _);

    /// <summary>
    /// The suggestion sink for --suggest, and the <paramref name="catalog"/> --library names: also read without
    /// --suggest when <paramref name="readWithoutSuggest"/> (the view searches a profile drawn in it; serve stores
    /// feedback there). Loaded now, so a bad
    /// library fails before any audio.
    /// </summary>
    internal static SuggestionSink? Suggestions(ParseResult parse, LibraryOption library, Option<int?> suggest, bool readWithoutSuggest, out CatalogIndex? catalog)
    {
        catalog = null;
        int? count = parse.GetValue(suggest);
        bool named = parse.GetValue(library.Option) is not null;
        if (count is null && named && !readWithoutSuggest)
        {
            throw new UsageException("--library is read by --suggest N (or by --view, to search a profile drawn in it); add one or leave --library out");
        }
        if (count is not null && !named)
        {
            throw new UsageException("--suggest needs --library PATH: the catalog to suggest from");
        }
        if (count < 1)
        {
            throw new UsageException($"--suggest must be at least 1, got {count}");
        }
        if (!named)
        {
            return null;
        }
        LibraryLocation location = library.Location(parse);
        using (ILibraryStore store = location.Open(create: false))
        {
            catalog = CatalogIndex.Load(store);
        }
        return count is { } n ? new SuggestionSink(catalog, n, new LiveSuggestions()) : null;
    }

    private static int Run(
        LiveSettings settings, DspThreadOptions dsp, Func<LoadedModels> loadModels, IReadOnlyList<IReadingSink> outputs, ViewOptions? window,
        SuggestionSink? suggestions, CatalogIndex? catalog, LibraryLocation? labels)
    {
        using var source = new CaptureFrameSource(
            () => settings.Input is { } file
                ? new PacedFileCapture(file, settings.Capture.BufferMilliseconds, settings.Capture.RingSeconds, settings.Loop)
                : CaptureDevices.Open(settings.Capture),
            new CaptureSourceOptions
            {
                Reconnect = settings.Reconnect,
                Notice = message => Console.Error.WriteLine($"musicemotion: {message}"),
                DspThread = dsp,
            });
        foreach (string notice in source.Capture.Notices)
        {
            Console.Error.WriteLine($"musicemotion: {notice}");
        }
        using LoadedModels models = loadModels();
        if (settings.Verbose && models.Engine.Info.Note.Length > 0)
        {
            Console.Error.WriteLine($"musicemotion: {models.Engine.Info.Note}");
        }
        Console.Error.WriteLine($"musicemotion: {Banner(source)}");
        if (settings.Verbose)
        {
            Console.Error.WriteLine($"musicemotion: live thread {dsp.Describe()}");
        }

        IReadingSink sink = settings.Format == "jsonl"
            ? new JsonLinesSink(Console.OpenStandardOutput(), suggestions?.Board)
            : new LiveLineSink(Console.Out, rewrite: !Console.IsOutputRedirected, suggestions?.Board);
        ViewSink? viewSink = window is null ? null : new ViewSink(new ViewFeed(), suggestions: suggestions?.Board);
        IReadingSink[] sinks = viewSink is null ? [sink, .. outputs] : [sink, viewSink, .. outputs];
        if (suggestions is not null)
        {
            sinks = [suggestions, .. sinks];
        }
        var session = new EmotionSession(source, models, sinks, PipelineOptions.LiveOnDspThread);
        session.WarmUpLivePath(source.Capture.BlockDuration);
        EmotionPipeline pipeline = session.Pipeline;

        using var stop = new CancellationTokenSource();
        using var stopSignals = new StopSignal(stop, listenForStats: true);
        if (settings.Duration is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        var clock = Stopwatch.StartNew();
        Func<string> stats = () => LiveStatsReport.Format(pipeline, source, dsp, clock.Elapsed);
        if (window is not null)
        {
            // The window needs this thread (the render thread; on macOS the main one): open it before the session
            // starts, so a missing display fails before any audio is captured. Closing it ends the session; its
            // status line shows latency and drops while it runs, and the stats on stderr (signal, period) are
            // printed from another thread, as the window's loop never returns to this one until it closes.
            using var view = VisualiserWindow.Open(window);
            DrawnProfileSearch.Attach(view, catalog, stdoutCarriesData: settings.Format == "jsonl");
            FeelingLabels.Attach(view, labels, settings.Input);
            using var closeView = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            Task<SessionSummary> viewed = Task.Run(() => RunClosingTheViewOnFailure(session, stop.Token, closeView));
            var viewClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task statsShown = Task.Run(() => WaitShowingStats(viewClosed.Task, settings, stopSignals, stats));
            view.Run(viewSink!.Feed, closeView.Token);
            viewClosed.SetResult();
            stop.Cancel();
            view.ProfileSearchTask.Wait(CancellationToken.None);
            view.FeelingTask.Wait(CancellationToken.None);
            statsShown.GetAwaiter().GetResult();
            return Finish(viewed.GetAwaiter().GetResult(), settings, source, stats);
        }
        Task<SessionSummary> run = session.RunAsync(stop.Token);
        WaitShowingStats(run, settings, stopSignals, stats);
        return Finish(run.GetAwaiter().GetResult(), settings, source, stats);
    }

    /// <summary>
    /// Runs the session under the view. A file that played out stays on screen until the window is closed, as a
    /// recording does in <c>view</c>; a session that failed (the device gone, its server quit, no audio for seconds)
    /// closes the window, so the failure is printed and the exit code says so at once, as without the view, instead
    /// of a frozen picture over a process that no longer listens.
    /// </summary>
    private static async Task<SessionSummary> RunClosingTheViewOnFailure(EmotionSession session, CancellationToken stop, CancellationTokenSource closeView)
    {
        bool failed = true;
        try
        {
            SessionSummary summary = await session.RunAsync(stop).ConfigureAwait(false);
            failed = summary.Error is not null;
            return summary;
        }
        finally
        {
            if (failed)
            {
                closeView.Cancel();
            }
        }
    }

    private static int Finish(SessionSummary summary, LiveSettings settings, CaptureFrameSource source, Func<string> stats)
    {
        if (settings.Stats)
        {
            Console.Error.Write(stats());
        }
        return SessionOutcome.Report(summary, source.Name, source.Kind, settings.Verbose);
    }

    /// <summary>Waits for <paramref name="run"/> (the session, or the window), printing the stats when asked (key, signal, period).</summary>
    private static void WaitShowingStats(Task run, LiveSettings settings, StopSignal signals, Func<string> stats)
    {
        bool keys = !Console.IsInputRedirected;
        TimeSpan? every = settings.StatsEvery is { } s ? TimeSpan.FromSeconds(s) : null;
        long nextPeriodic = every is { } period ? Stopwatch.GetTimestamp() + (long)(period.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        while (!run.Wait(100))
        {
            bool asked = signals.TakeStatsRequest() || (keys && KeyPressed('s'));
            if (Stopwatch.GetTimestamp() >= nextPeriodic)
            {
                asked = true;
                nextPeriodic += (long)(every!.Value.TotalSeconds * Stopwatch.Frequency);
            }
            if (asked)
            {
                Console.Error.Write((settings.Format == "line" && !Console.IsOutputRedirected ? "\n" : "") + stats());
            }
        }
    }

    private static bool KeyPressed(char key)
    {
        bool pressed = false;
        try
        {
            while (Console.KeyAvailable)
            {
                pressed |= char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar) == key;
            }
        }
        catch (InvalidOperationException)
        {
            // No console to read keys from after all (a detached session): the signal and the period still work.
        }
        return pressed;
    }

    private static string Banner(CaptureFrameSource source)
    {
        ICaptureStream capture = source.Capture;
        string keys = Console.IsInputRedirected ? "" : ", 's' for stats";
        return capture switch
        {
            PortAudioCapture device => string.Create(
                CultureInfo.InvariantCulture,
                $"listening to device {device.Device.Index} '{device.Name}' ({device.Device.HostApiName}), {capture.Format}, "
                + $"{capture.BlockDuration.TotalMilliseconds:0.#} ms buffer; Ctrl+C to stop{keys}"),
            { Kind: SourceKind.Capture } => string.Create(
                CultureInfo.InvariantCulture,
                $"listening to {capture.Name}, {capture.Format}, {capture.BlockDuration.TotalMilliseconds:0.#} ms buffer; Ctrl+C to stop{keys}"),
            _ => $"playing '{capture.Name}' ({capture.Format}) through the live path in real time; Ctrl+C to stop{keys}",
        };
    }

    private sealed record LiveSettings(
        string? Input,
        bool Loop,
        CaptureRequest Capture,
        string Format,
        double? Duration,
        bool Stats,
        double? StatsEvery,
        bool Reconnect,
        bool Verbose)
    {
        public void Validate()
        {
            if (Input is not null && (Capture.Device is not null || Capture.Loopback || Capture.Process is not null))
            {
                throw new UsageException("--input plays a file; it cannot be combined with --device, --loopback or --process");
            }
            if (Loop && Input is null)
            {
                throw new UsageException("--loop starts the --input file over; it needs --input FILE");
            }
            if (Capture.Device is not null && Capture.Loopback)
            {
                throw new UsageException("--loopback picks the device itself; it cannot be combined with --device");
            }
            if (Capture.Process is not null)
            {
                if (!OperatingSystem.IsWindows())
                {
                    throw new UsageException(ProcessLoopbackTarget.OnlyOnWindows);
                }
                if (Capture.Device is not null || Capture.Loopback)
                {
                    throw new UsageException("--process captures one program's output; it cannot be combined with --device or --loopback");
                }
            }
            Positive("--duration", Duration);
            Positive("--stats-every", StatsEvery);
            Positive("--rate", Capture.SampleRate);
            if (Capture.Channels < 1)
            {
                throw new UsageException($"--channels must be at least 1, got {Capture.Channels}");
            }
            if (Capture.BufferMilliseconds is < 1 or > 500 || double.IsNaN(Capture.BufferMilliseconds))
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture, $"--buffer-ms must be between 1 and 500, got {Capture.BufferMilliseconds}"));
            }
        }

        private static void Positive(string option, double? value)
        {
            if (value is { } v && !(v > 0 && double.IsFinite(v)))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} must be a positive number, got {v}"));
            }
        }
    }
}
