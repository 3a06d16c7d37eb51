using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Inference;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// The local HTTP/WebSocket API, on Kestrel from the shared framework:
/// <list type="bullet">
/// <item>GET /health: the app, the engines and models, the stream's counters.</item>
/// <item>GET /readings/latest: the latest streamed reading as JSON; 204 before the first.</item>
/// <item>WebSocket /readings: every reading as it is made, JSON text messages or, with ?format=msgpack, binary
/// MessagePack maps (the recording's reading map).</item>
/// <item>POST /analyze: audio bytes in the body (WAV, FLAC, OGG, MP3...), the per-frame readings out as JSON; 413
/// over the size limit, 415 for bytes that are not audio, 400 for broken audio, 429 over the rate limit.</item>
/// <item>POST /feedback: a listener's label as JSON, stored in the library (<see cref="FeedbackEndpoint"/>); 201 with
/// the stored label, 413 over 16 KiB, 429 over its own rate limit.</item>
/// </list>
/// It listens on loopback unless remote access is explicitly allowed, takes no file-system path from any request
/// (an upload goes to a private temporary folder under a name of its own; a label's path is only looked up among
/// the library's tracks), and is stopped by whoever hosts it,
/// never by signals of its own.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private const string AnalyzePolicy = "analyze";
    private const string FeedbackPolicy = "feedback";

    private readonly WebApplication _app;
    private readonly ApiServerOptions _options;
    private readonly ApiSink _readings;
    private readonly UploadAnalyzer? _analyzer;
    private readonly DirectoryInfo _uploads;

    private ApiServer(ApiServerOptions options, ApiSink readings, UploadAnalyzer? analyzer)
    {
        _options = options;
        _readings = readings;
        _analyzer = analyzer;
        _uploads = Directory.CreateTempSubdirectory("musicemotion-uploads-");
        _app = Build();
    }

    /// <summary>Where it listens, with the real port when port 0 was asked for: http://127.0.0.1:8750/.</summary>
    public Uri Address { get; private set; } = new("http://localhost/");

    /// <summary>Starts listening.</summary>
    /// <param name="options">Address, port and limits.</param>
    /// <param name="readings">The sink whose readings /readings and /readings/latest serve.</param>
    /// <param name="analyzer">What runs POST /analyze; null leaves the endpoint out.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <exception cref="ApiStartException">The address is not allowed, not this machine's, or its port is taken.</exception>
    public static async Task<ApiServer> StartAsync(
        ApiServerOptions options, ApiSink readings, UploadAnalyzer? analyzer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(readings);
        if (!IPAddress.IsLoopback(options.Bind) && !options.AllowRemote)
        {
            throw new ApiStartException(
                $"{options.Bind} can be reached from other machines and the API has no authentication; listen there only with --allow-remote");
        }
        var server = new ApiServer(options, readings, analyzer);
        try
        {
            await server._app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            string where = new IPEndPoint(options.Bind, options.Port).ToString();
            throw error.InnerException is AddressInUseException
                ? new ApiStartException($"cannot listen on {where}: the port is in use by another program; choose another with --port", error)
                : new ApiStartException($"cannot listen on {where}: {error.Message}", error);
        }
        string address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Stops listening: open WebSockets are closed, requests in flight get a few seconds to finish.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _uploads.Delete(recursive: true);
    }

    private WebApplication Build()
    {
        // The empty builder reads no configuration files or environment variables, so nothing in the working
        // folder can add an endpoint or widen the address this server listens on.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(_options.Bind, _options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _options.MaxUploadBytes;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, HostedByCaller>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                PathString path = context.HttpContext.Request.Path;
                int most = path == "/feedback" ? _options.FeedbackPerMinute : _options.AnalyzePerMinute;
                return new ValueTask(WriteErrorAsync(
                    context.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"too many POST {path} requests from {context.HttpContext.Connection.RemoteIpAddress}: at most {most} a minute"));
            };
            limiter.AddPolicy(AnalyzePolicy, context => PerClient(context, _options.AnalyzePerMinute));
            limiter.AddPolicy(FeedbackPolicy, context => PerClient(context, _options.FeedbackPerMinute));
        });

        WebApplication app = builder.Build();
        app.Use(ReportFailureAsync);
        if (IPAddress.IsLoopback(_options.Bind))
        {
            app.Use(RequireLoopbackHostAsync);
        }
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseRouting();
        app.UseRateLimiter();
        app.MapGet("/health", HealthAsync);
        app.MapGet("/readings/latest", LatestAsync);
        app.MapGet("/readings", StreamAsync);
        if (_options.Suggestions is not null)
        {
            app.MapGet("/library/suggest", SuggestAsync);
        }
        if (_analyzer is not null)
        {
            app.MapPost("/analyze", AnalyzeAsync).RequireRateLimiting(AnalyzePolicy);
        }
        if (_options.Feedback is not null)
        {
            app.MapPost("/feedback", FeedbackAsync).RequireRateLimiting(FeedbackPolicy);
        }
        return app;
    }

    /// <summary>A fixed window of <paramref name="perMinute"/> requests for each client address.</summary>
    private static RateLimitPartition<string> PerClient(HttpContext context, int perMinute) => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>
    /// The last resort: an exception no endpoint expected still gets the API's one-line JSON error (and goes to
    /// stderr whole), not an empty 500. A client gone away, or the server stopping, is not a failure; a request
    /// Kestrel judged bad (a body sent too slowly: 408, too large: 413) keeps the status Kestrel gave it.
    /// </summary>
    private static async Task ReportFailureAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error.StatusCode,
                $"{context.Request.Method} {context.Request.Path}: {error.Message}").ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client has gone: there is no one to answer.
        }
        catch (Exception error) when (error is not OperationCanceledException && !context.Response.HasStarted)
        {
            await Console.Error.WriteLineAsync($"musicemotion: {context.Request.Method} {context.Request.Path} failed: {error}").ConfigureAwait(false);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError,
                $"{context.Request.Method} {context.Request.Path}: internal error ({error.GetType().Name}: {error.Message})").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// On loopback, only requests addressed to this machine by name are answered. A web page cannot reach a
    /// loopback API directly, but it can point a name it controls at 127.0.0.1 (DNS rebinding); its requests then
    /// carry that name in Host, and are refused here.
    /// </summary>
    private static Task RequireLoopbackHostAsync(HttpContext context, RequestDelegate next)
    {
        string host = context.Request.Host.Host;
        bool local = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
        return local
            ? next(context)
            : WriteErrorAsync(context, StatusCodes.Status403Forbidden,
                $"Host '{host}' is not this machine: the API on a loopback address answers requests to localhost, 127.0.0.1 or [::1] only");
    }

    private Task HealthAsync(HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartObject();
        json.WriteString("status", "ok");
        json.WriteString("app", RecordingFormat.AppVersion);
        json.WritePropertyName("stream");
        if (_readings.Session is { } session)
        {
            json.WriteStartObject();
            json.WriteString("source", session.Source);
            json.WriteString("source_kind", SourceKinds.Name(session.SourceKind));
            json.WriteString("started", session.StartedUtc);
            WriteModels(json, session.Engine, session.Forecaster, session.ModelSha256);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNullValue();
        }
        json.WritePropertyName("analyze");
        if (_analyzer is not null)
        {
            json.WriteStartObject();
            WriteModels(json, _analyzer.Engine, _analyzer.Forecaster, _analyzer.ModelSha256);
            json.WriteNumber("max_upload_bytes", _options.MaxUploadBytes);
            json.WriteNumber("per_minute", _options.AnalyzePerMinute);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNullValue();
        }
        if (_options.Feedback is { } feedback)
        {
            json.WriteString("feedback_library", feedback.Library.Display);
        }
        else
        {
            json.WriteNull("feedback_library");
        }
        json.WriteNumber("readings_published", _readings.Published);
        json.WriteNumber("websocket_clients", _readings.Clients);
        json.WriteNumber("dropped_messages", _readings.Dropped);
        json.WriteEndObject();
    });

    /// <summary>The latest ranking of next tracks, cheapest first: {"suggestions": [{"path", "score"}, ...]}, empty before the first.</summary>
    private Task SuggestAsync(HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("suggestions");
        foreach (Pipeline.Sinks.Suggestion suggestion in _options.Suggestions!.Ranked)
        {
            json.WriteStartObject();
            json.WriteString("path", suggestion.Path);
            json.WriteNumber("score", Math.Round(suggestion.Score, 4));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private async Task LatestAsync(HttpContext context)
    {
        if (_readings.LatestJson is not { } latest)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(latest, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                "/readings is a WebSocket: connect to ws://HOST:PORT/readings (add ?format=msgpack for MessagePack)").ConfigureAwait(false);
            return;
        }
        ApiMessageFormat? format = context.Request.Query["format"].ToString() switch
        {
            "" or "json" => ApiMessageFormat.Json,
            "msgpack" => ApiMessageFormat.MessagePack,
            _ => null,
        };
        if (format is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                $"format '{context.Request.Query["format"]}' is not json or msgpack").ConfigureAwait(false);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        ApiClientQueue client = _readings.Connect(format.Value, _options.ClientQueue);
        try
        {
            CancellationToken stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await ApiWebSocketStream.RunAsync(socket, client, stopping).ConfigureAwait(false);
        }
        finally
        {
            _readings.Disconnect(client);
        }
    }

    private async Task AnalyzeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _options.MaxUploadBytes)
        {
            await TooLargeAsync(context).ConfigureAwait(false);
            return;
        }
        // A name of our own in a folder of our own: nothing in the request becomes part of a path.
        string file = Path.Combine(_uploads.FullName, Guid.NewGuid().ToString("N"));
        try
        {
            long length;
            var upload = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (upload.ConfigureAwait(false))
            {
                try
                {
                    await context.Request.Body.CopyToAsync(upload, context.RequestAborted).ConfigureAwait(false);
                }
                catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    await TooLargeAsync(context).ConfigureAwait(false);
                    return;
                }
                length = upload.Length;
            }
            if (length == 0)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                    $"{UploadAnalyzer.SourceName}: empty; expected the bytes of an audio file (WAV, FLAC, OGG, MP3...)").ConfigureAwait(false);
                return;
            }
            UploadAnalysis analysis;
            try
            {
                analysis = await _analyzer!.AnalyzeAsync(file, context.RequestAborted).ConfigureAwait(false);
            }
            catch (AudioInputException error)
            {
                // Bytes no audio format claims are the wrong media type; a known format that fails to decode is broken input.
                int status = AudioSignature.Identify(await StartOfAsync(file).ConfigureAwait(false)) is null
                    ? StatusCodes.Status415UnsupportedMediaType
                    : StatusCodes.Status400BadRequest;
                await WriteErrorAsync(context, status, error.Message).ConfigureAwait(false);
                return;
            }
            await WriteJsonAsync(context, StatusCodes.Status200OK, json => WriteAnalysis(json, analysis)).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task FeedbackAsync(HttpContext context)
    {
        const int most = FeedbackEndpoint.MaxBodyBytes;
        // Read at most one byte past the limit, so a body without a length cannot make the server hold more.
        byte[] body = new byte[most + 1];
        int length = body.Length;
        if (!(context.Request.ContentLength > most))
        {
            try
            {
                length = await context.Request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                length = body.Length;
            }
        }
        if (length > most)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"body: larger than {most} bytes; a label is a small JSON object").ConfigureAwait(false);
            return;
        }
        // Hashing the track, running the model over it again for its hidden state, and the database work block (a
        // label takes seconds); they run off the server's I/O threads.
        FeedbackAnswer answer = await Task.Run(() => _options.Feedback!.Take(body.AsMemory(0, length)), context.RequestAborted).ConfigureAwait(false);
        if (answer.Label is { } label)
        {
            await WriteJsonAsync(context, answer.Status, json => FeedbackJson.Write(json, label)).ConfigureAwait(false);
        }
        else
        {
            await WriteErrorAsync(context, answer.Status, answer.Error!).ConfigureAwait(false);
        }
    }

    private Task TooLargeAsync(HttpContext context) => WriteErrorAsync(
        context, StatusCodes.Status413PayloadTooLarge,
        $"{UploadAnalyzer.SourceName}: larger than the limit of {_options.MaxUploadBytes} bytes (serve --max-upload-mb)");

    private static void WriteAnalysis(Utf8JsonWriter json, UploadAnalysis analysis)
    {
        SessionInfo session = analysis.Session;
        json.WriteStartObject();
        json.WriteString("source", session.Source);
        json.WriteNumber("sample_rate", session.SourceSampleRate);
        json.WriteNumber("channels", session.Channels);
        WriteModels(json, session.Engine, session.Forecaster, session.ModelSha256);
        json.WriteNumber("frames", analysis.Readings.Count);
        json.WriteNumber("tail_s", Math.Round(analysis.TailSamples / (double)FrameLayout.SampleRate, 3));
        json.WriteStartArray("readings");
        foreach (EmotionReading reading in analysis.Readings)
        {
            ReadingJson.Write(json, reading, source: null, session.Forecaster.HorizonSeconds);
        }
        json.WriteEndArray();
        if (analysis.Problem is not null)
        {
            json.WriteString("error", analysis.Problem);
        }
        json.WriteEndObject();
    }

    private static void WriteModels(Utf8JsonWriter json, EngineInfo engine, ForecastInfo forecaster, string modelSha256)
    {
        json.WriteString("engine", engine.Engine);
        json.WriteString("provider", engine.Provider);
        json.WriteString("model", engine.ModelName);
        json.WriteString("model_sha256", modelSha256);
        json.WriteString("forecaster", forecaster.Source);
        json.WriteStartArray("forecast_s");
        foreach (double horizon in forecaster.HorizonSeconds)
        {
            json.WriteNumberValue(horizon);
        }
        json.WriteEndArray();
    }

    private static async Task<byte[]> StartOfAsync(string file)
    {
        byte[] start = new byte[AudioSignature.Length];
        var stream = File.OpenRead(file);
        await using (stream.ConfigureAwait(false))
        {
            int read = await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false).ConfigureAwait(false);
            return start[..read];
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message.ReplaceLineEndings(" "));
            json.WriteEndObject();
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        // Relaxed escaping keeps '+', quotes and non-ASCII text readable; it is safe for application/json, which no
        // browser interprets as HTML.
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The host's lifetime is its owner's business: no console signal handling of its own.</summary>
    private sealed class HostedByCaller : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
