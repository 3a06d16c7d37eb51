using System.CommandLine;
using System.Globalization;
using System.Net;
using MusicEmotion.Cli.Commands.Library;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Search;
using MusicEmotion.Outputs.Api;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// <c>musicemotion serve</c>: the local HTTP/WebSocket API (<see cref="ApiServer"/>). POST /analyze runs uploads
/// through the analyze pipeline; with --input, a file is analysed and streamed to /readings and
/// /readings/latest at real pace (looping with --loop), and to any --osc/--record output as well. With --library,
/// POST /feedback stores a listener's labels there.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p")
        {
            Description = "TCP port (0: any free port, printed at start)",
            DefaultValueFactory = _ => ApiServerOptions.DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > IPEndPoint.MaxPort)
            {
                result.AddError($"--port must be from 0 to {IPEndPoint.MaxPort}, not {result.GetValueOrDefault<int>()}");
            }
        });
        var bind = new Option<string>("--bind")
        {
            Description = "Address to listen on: 127.0.0.1 (default), ::1, or, with --allow-remote, 0.0.0.0 or a LAN address",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        bind.Validators.Add(result =>
        {
            if (ParseAddress(result.GetValueOrDefault<string>() ?? "") is null)
            {
                result.AddError($"--bind '{result.GetValueOrDefault<string>()}' is not an IP address (for example 127.0.0.1, ::1, 0.0.0.0)");
            }
        });
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a --bind address other machines can reach (the API has no authentication)" };
        var input = new Option<string?>("--input", "-i") { Description = "An audio file to analyse and stream at real pace to /readings", HelpName = "FILE" };
        var loop = new Option<bool>("--loop") { Description = "Start --input over when it ends" };
        var maxUpload = PositiveOption("--max-upload-mb", "Largest POST /analyze body in MB (larger gets 413)", 50, 4000);
        var perMinute = PositiveOption("--analyze-per-minute", "POST /analyze requests a client may make per minute (more get 429)", 30, 100_000);
        var feedbackPerMinute = PositiveOption("--feedback-per-minute", "POST /feedback requests a client may make per minute (more get 429)", 60, 100_000);
        var verbose = new Option<bool>("--verbose") { Description = "Show engine choices, and stack traces on errors" };
        var library = new LibraryOption();
        var suggest = new Option<int?>("--suggest")
        {
            Description = "Rank the N library tracks that continue --input's stream most smoothly, for GET /library/suggest (needs --library)",
        };
        var inference = new InferenceOptions();
        var outputs = new OutputOptions();

        var command = new Command("serve", "Serve readings over HTTP and WebSocket on this machine, and analyse uploaded audio");
        command.Options.Add(port);
        command.Options.Add(bind);
        command.Options.Add(allowRemote);
        command.Options.Add(input);
        command.Options.Add(loop);
        command.Options.Add(maxUpload);
        command.Options.Add(perMinute);
        command.Options.Add(feedbackPerMinute);
        inference.AddTo(command);
        outputs.AddTo(command);
        library.AddTo(command);
        command.Options.Add(suggest);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            var options = new ApiServerOptions
            {
                Bind = ParseAddress(parse.GetValue(bind)!)!,
                Port = parse.GetValue(port),
                AllowRemote = parse.GetValue(allowRemote),
                MaxUploadBytes = parse.GetValue(maxUpload) * 1_000_000L,
                AnalyzePerMinute = parse.GetValue(perMinute),
                FeedbackPerMinute = parse.GetValue(feedbackPerMinute),
            };
            // serve reads --library for POST /feedback even without --suggest.
            SuggestionSink? suggestions = LiveCommand.Suggestions(parse, library, suggest, readWithoutSuggest: true, out _);
            options = options with { Suggestions = suggestions?.Board, Feedback = FeedbackLibrary(parse, library) };
            string? file = parse.GetValue(input);
            bool verboseOn = parse.GetValue(verbose);
            using LoadedModels uploads = inference.Load(parse);
            if (verboseOn && uploads.Engine.Info.Note.Length > 0)
            {
                Console.Error.WriteLine($"musicemotion: {uploads.Engine.Info.Note}");
            }
            // The stream gets an engine of its own: an engine carries one stream's state.
            using LoadedModels? stream = file is null ? null : inference.Load(parse);
            using OutputSinks extra = outputs.CreateSinks(parse, suggestions: suggestions?.Board);
            using var stop = new StopSignal();
            IReadingSink[] streamSinks = suggestions is null ? [.. extra] : [suggestions, .. extra];
            return RunAsync(options, new UploadAnalyzer(uploads),
                file is null ? null : new InputStream(file, parse.GetValue(loop), stream!, streamSinks), verboseOn, stop.Token).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(ApiServerOptions options, UploadAnalyzer analyzer, InputStream? input, bool verbose, CancellationToken stop)
    {
        var api = new ApiSink();
        FileFrameSource? first = input?.Open();
        ApiServer server;
        try
        {
            server = await ApiServer.StartAsync(options, api, analyzer, stop).ConfigureAwait(false);
        }
        catch (ApiStartException error)
        {
            first?.Dispose();
            throw new UsageException(error.Message, error);
        }
        await using (server.ConfigureAwait(false))
        {
            Console.Error.WriteLine(
                $"musicemotion: serving {server.Address} (GET /health, GET /readings/latest, WebSocket /readings, POST /analyze{(options.Feedback is null ? "" : ", POST /feedback")}); Ctrl+C stops");
            int exit = ExitCodes.Ok;
            if (input is not null)
            {
                exit = await input.StreamAsync(first!, api, verbose, stop).ConfigureAwait(false);
                if (!stop.IsCancellationRequested)
                {
                    Console.Error.WriteLine("musicemotion: the input has ended; still serving (Ctrl+C stops)");
                }
            }
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("musicemotion: stopping");
            }
            await server.StopAsync().ConfigureAwait(false);
            return exit;
        }
    }

    /// <summary>POST /feedback's library: the one --library names, an SQLite file or a PostgreSQL database.</summary>
    private static FeedbackEndpoint? FeedbackLibrary(ParseResult parse, LibraryOption library) =>
        parse.GetValue(library.Option) is not null ? new FeedbackEndpoint(library.Location(parse)) : null;

    private static IPAddress? ParseAddress(string text) =>
        text == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(text, out IPAddress? address) ? address : null;

    private static Option<int> PositiveOption(string name, string description, int defaultValue, int most)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < 1 || value > most)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be from 1 to {most}, not {value}"));
            }
        });
        return option;
    }

    /// <summary>serve --input: a file through the pipeline at the pace of live audio, to the API and the other outputs.</summary>
    private sealed class InputStream(string file, bool loop, LoadedModels models, IReadOnlyList<IReadingSink> outputs)
    {
        /// <summary>Opens the file; a bad one fails here, before the server starts.</summary>
        public FileFrameSource Open() => new(file);

        /// <summary>
        /// Streams until the file ends (or, with --loop, until stopped). An output that fails is reported and
        /// earns exit code 1 when the server stops; the API and the other outputs keep their readings.
        /// </summary>
        public async Task<int> StreamAsync(FileFrameSource first, ApiSink api, bool verbose, CancellationToken stop)
        {
            FileFrameSource? next = first;
            int exit = ExitCodes.Ok;
            var failed = new HashSet<IReadingSink>();
            do
            {
                using var source = new PacedFrameSource(next ?? Open());
                next = null;
                // A failed output has already said why; it is not given the next loop's readings.
                IReadingSink[] sinks = [api, .. outputs.Where(sink => !failed.Contains(sink))];
                var session = new EmotionSession(source, models, sinks, PipelineOptions.Live, file);
                SessionSummary summary = await session.RunAsync(stop).ConfigureAwait(false);
                exit = Math.Max(exit, SessionOutcome.Report(summary, file, source.Kind, verbose));
                failed.UnionWith(sinks.Where(sink => summary.FailedSinks.Any(f => f.Sink == sink.Name)));
                if (summary.Error is not null)
                {
                    return exit;
                }
            }
            while (loop && !stop.IsCancellationRequested);
            return exit;
        }
    }
}
