using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MessagePack;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Api;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// The local API on a free loopback port, driven as a client would drive it, with HttpClient and ClientWebSocket;
/// readings come from the real pipeline on reference music where the test is about what they say.
/// </summary>
public sealed class ApiServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ApiSink _sink = new();
    private readonly HttpClient _http = new() { Timeout = Patience };
    private readonly List<ApiServer> _servers = [];
    private ReferenceModels? _models;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (ApiServer server in _servers)
        {
            await server.DisposeAsync();
        }
        _http.Dispose();
        _models?.Dispose();
    }

    [Fact]
    public async Task HealthSaysWhatIsRunning()
    {
        ApiServer server = await StartAsync();

        JsonNode health = await GetJsonAsync(server, "health");
        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal(RecordingFormat.AppVersion, (string?)health["app"]);
        Assert.Null(health["stream"]);
        Assert.Null(health["analyze"]);

        _sink.Start(SampleReadings.Session("club.wav"));
        _sink.Write(SampleReadings.Reading(0));
        health = await GetJsonAsync(server, "health");
        Assert.Equal("club.wav", (string?)health["stream"]!["source"]);
        Assert.Equal("stateful_random", (string?)health["stream"]!["model"]);
        Assert.Equal(1, (long?)health["readings_published"]);
    }

    [Fact]
    public async Task TheLatestReadingIsNoContentUntilThereIsOne()
    {
        ApiServer server = await StartAsync();
        using HttpResponseMessage before = await _http.GetAsync(new Uri(server.Address, "readings/latest"));
        Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);

        SessionInfo session = SampleReadings.Session();
        _sink.Start(session);
        _sink.Write(SampleReadings.Reading(0));
        _sink.Write(SampleReadings.Reading(1));

        JsonNode latest = await GetJsonAsync(server, "readings/latest");
        Assert.True(JsonNode.DeepEquals(Json(SampleReadings.Reading(1), session.Source, session), latest), latest.ToJsonString());
    }

    [SkippableFact]
    public async Task WebSocketClientsGetEveryReadingOfARealSessionInTheFormatTheyAskFor()
    {
        _models = ReferenceModels.Load();
        ApiServer server = await StartAsync();
        using ClientWebSocket json = await ConnectAsync(server, "readings");
        using ClientWebSocket messagePack = await ConnectAsync(server, "readings?format=msgpack");
        await WaitForClientsAsync(2);
        var collected = new CollectingSink();

        _models.Analyze(_models.Track("love_theme"), _sink, collected);

        SessionInfo session = collected.Sessions[0];
        foreach (EmotionReading reading in collected.Readings)
        {
            (WebSocketMessageType type, byte[] text) = await ReceiveAsync(json);
            Assert.Equal(WebSocketMessageType.Text, type);
            Assert.Equal(Encoding.UTF8.GetString(JsonBytes(reading, session.Source, session)), Encoding.UTF8.GetString(text));

            (type, byte[] map) = await ReceiveAsync(messagePack);
            Assert.Equal(WebSocketMessageType.Binary, type);
            RecordedReadings.AssertSameReading(reading, ReadMessagePackReading(session, map));
        }
        Assert.Equal(0, _sink.Dropped);
    }

    [Fact]
    public async Task ASlowClientLosesItsOldestMessagesWhileTheSinkNeverWaits()
    {
        const int Count = 50_000;
        ApiServer server = await StartAsync(new ApiServerOptions { Port = 0, ClientQueue = 8 });
        using ClientWebSocket slow = await ConnectAsync(server, "readings");
        await WaitForClientsAsync(1);
        _sink.Start(SampleReadings.Session());

        // Far more than the socket buffers hold while the client reads nothing: the queue must drop, not block.
        for (int seq = 0; seq < Count; seq++)
        {
            _sink.Write(SampleReadings.Reading(seq));
        }

        var received = new List<long>();
        while (received.Count == 0 || received[^1] != Count - 1)
        {
            (_, byte[] message) = await ReceiveAsync(slow);
            received.Add(JsonNode.Parse(message)!["seq"]!.GetValue<long>());
        }
        Assert.True(received.SequenceEqual(received.Order()) && received.Distinct().Count() == received.Count, "messages out of order");
        Assert.True(_sink.Dropped > 0, "nothing was dropped");
        Assert.Equal(Count, received.Count + _sink.Dropped);
    }

    [SkippableFact]
    public async Task AnalyzeReturnsTheReadingsTheAnalyzePipelineMakes()
    {
        ApiServer server = await StartWithAnalyzerAsync(new ApiServerOptions { Port = 0 });
        var collected = new CollectingSink();
        _models!.Analyze(_models.Track("frantic"), collected);

        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(_models.Track("frantic")));
        using HttpResponseMessage response = await _http.PostAsync(new Uri(server.Address, "analyze"), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonNode analysis = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(UploadAnalyzer.SourceName, (string?)analysis["source"]);
        Assert.Equal(collected.Readings.Count, (int?)analysis["frames"]);
        JsonArray readings = analysis["readings"]!.AsArray();
        Assert.Equal(collected.Readings.Count, readings.Count);
        for (int i = 0; i < readings.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(Json(collected.Readings[i], null, collected.Sessions[0]), readings[i]), readings[i]!.ToJsonString());
        }
        Assert.Null(analysis["error"]);
    }

    [SkippableFact]
    public async Task BodiesThatAreNotAudioOrAreBrokenGetTheDecodersOneLineReason()
    {
        ApiServer server = await StartWithAnalyzerAsync(new ApiServerOptions { Port = 0 });
        byte[] wav = await File.ReadAllBytesAsync(_models!.Track("sad"));

        // A path in the body is just bytes: the server never opens what a request names.
        (HttpStatusCode status, string error) = await PostAsync(server, Encoding.UTF8.GetBytes(_models.Track("sad")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.StartsWith("request body: not a recognised audio file: it starts with", error, StringComparison.Ordinal);

        (status, error) = await PostAsync(server, wav[..30]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("request body: ", error, StringComparison.Ordinal);

        (status, error) = await PostAsync(server, []);
        Assert.Equal((HttpStatusCode.BadRequest, "request body: empty; expected the bytes of an audio file (WAV, FLAC, OGG, MP3...)"), (status, error));
    }

    [SkippableFact]
    public async Task ABodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot()
    {
        ApiServer server = await StartWithAnalyzerAsync(new ApiServerOptions { Port = 0, MaxUploadBytes = 100_000 });
        byte[] large = (await File.ReadAllBytesAsync(_models!.Track("sad")))[..150_000];

        (HttpStatusCode status, string error) = await PostAsync(server, large);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "request body: larger than the limit of 100000 bytes (serve --max-upload-mb)"), (status, error));

        using var chunked = new StreamContent(new MemoryStream(large));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "analyze")) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [SkippableFact]
    public async Task ABodySentTooSlowlyIsARequestTimeoutNotAServerError()
    {
        ApiServer server = await StartWithAnalyzerAsync(new ApiServerOptions { Port = 0 });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Address.Port);
        NetworkStream stream = client.GetStream();
        // A declared body that trickles in a few bytes, then stalls: Kestrel's minimum body rate (240 B/s after a
        // 5 s grace) gives up on it, and the answer must keep Kestrel's 408.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\nContent-Length: 100000\r\n\r\nRIFF"));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        string statusLine = await reader.ReadLineAsync().WaitAsync(Patience) ?? "";
        string rest = await reader.ReadToEndAsync().WaitAsync(Patience);

        Assert.StartsWith("HTTP/1.1 408", statusLine, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"POST /analyze: ", rest, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AClientOverTheRateLimitGetsTooManyRequests()
    {
        ApiServer server = await StartWithAnalyzerAsync(new ApiServerOptions { Port = 0, AnalyzePerMinute = 2 });

        HttpStatusCode[] statuses = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => (await PostAsync(server, [])).Status))];

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses.Order());
        (HttpStatusCode status, string error) = await PostAsync(server, []);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("too many POST /analyze requests from 127.0.0.1: at most 2 a minute", error);
    }

    [Fact]
    public async Task OnlyLoopbackUnlessRemoteAccessIsAllowed()
    {
        var error = await Assert.ThrowsAsync<ApiStartException>(() => StartAsync(new ApiServerOptions { Bind = IPAddress.Any, Port = 0 }));
        Assert.Equal("0.0.0.0 can be reached from other machines and the API has no authentication; listen there only with --allow-remote", error.Message);

        ApiServer server = await StartAsync(new ApiServerOptions { Bind = IPAddress.IPv6Loopback, Port = 0 });
        Assert.Equal("[::1]", server.Address.Host);
        Assert.Equal("ok", (string?)(await GetJsonAsync(server, "health"))["status"]);
    }

    [Fact]
    public async Task ARequestForAnotherHostNameIsRefusedAsDnsRebinding()
    {
        ApiServer server = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "readings/latest"));
        request.Headers.Host = "attacker.example";

        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Host 'attacker.example' is not this machine", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"], StringComparison.Ordinal);
        using HttpResponseMessage byName = await _http.GetAsync(new UriBuilder(new Uri(server.Address, "readings/latest")) { Host = "localhost" }.Uri);
        Assert.Equal(HttpStatusCode.NoContent, byName.StatusCode);
    }

    [Fact]
    public async Task APortInUseIsAOneLineErrorSayingSo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<ApiStartException>(() => StartAsync(new ApiServerOptions { Port = port }));

        Assert.Equal($"cannot listen on 127.0.0.1:{port}: the port is in use by another program; choose another with --port", error.Message);
    }

    [Fact]
    public async Task ReadingsIsAWebSocketAndItsFormatIsChecked()
    {
        ApiServer server = await StartAsync();

        using HttpResponseMessage plain = await _http.GetAsync(new Uri(server.Address, "readings"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(server, "readings?format=xml"));
        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
    }

    private async Task<ApiServer> StartAsync(ApiServerOptions? options = null)
    {
        ApiServer server = await ApiServer.StartAsync(options ?? new ApiServerOptions { Port = 0 }, _sink, analyzer: null, CancellationToken.None);
        _servers.Add(server);
        return server;
    }

    private async Task<ApiServer> StartWithAnalyzerAsync(ApiServerOptions options)
    {
        _models = ReferenceModels.Load();
        var analyzer = new UploadAnalyzer(_models.Models);
        ApiServer server = await ApiServer.StartAsync(options, _sink, analyzer, CancellationToken.None);
        _servers.Add(server);
        return server;
    }

    private async Task<JsonNode> GetJsonAsync(ApiServer server, string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri(server.Address, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<(HttpStatusCode Status, string Error)> PostAsync(ApiServer server, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        using HttpResponseMessage response = await _http.PostAsync(new Uri(server.Address, "analyze"), content);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)?["error"]?.GetValue<string>() ?? text);
    }

    private static async Task<ClientWebSocket> ConnectAsync(ApiServer server, string path)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(server.Address, path)) { Scheme = "ws" }.Uri;
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(uri, patience.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task WaitForClientsAsync(int count)
    {
        // The server registers a client just after the handshake; readings published before that are not its.
        using var patience = new CancellationTokenSource(Patience);
        while (_sink.Clients < count)
        {
            await Task.Delay(10, patience.Token);
        }
    }

    private static async Task<(WebSocketMessageType Type, byte[] Message)> ReceiveAsync(ClientWebSocket socket)
    {
        using var patience = new CancellationTokenSource(Patience);
        var message = new ArrayBufferWriter<byte>();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(message.GetMemory(4096), patience.Token);
            message.Advance(result.Count);
        }
        while (!result.EndOfMessage);
        return (result.MessageType, message.WrittenSpan.ToArray());
    }

    private static byte[] JsonBytes(EmotionReading reading, string? source, SessionInfo session)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ReadingJson.Write(json, reading, source, session.Forecaster.HorizonSeconds);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static JsonNode Json(EmotionReading reading, string? source, SessionInfo session) => JsonNode.Parse(JsonBytes(reading, source, session))!;

    /// <summary>A WebSocket MessagePack message is a recording's reading map: read it as one, after a header.</summary>
    private static EmotionReading ReadMessagePackReading(SessionInfo session, byte[] map)
    {
        var header = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(header);
        RecordingFormat.WriteHeader(ref writer, session);
        writer.Flush();
        Recording recording = RecordingReader.Read((byte[])[.. header.WrittenSpan, .. map], "websocket");
        Assert.Null(recording.Problem);
        return Assert.Single(recording.Sessions[0].Readings);
    }
}
