using System.Buffers;
using System.Text.Json;
using MessagePack;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Formats;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// The readings side of the local API: one more sink of a pipeline (serve's own input, or live). It keeps the
/// latest reading for GET /readings/latest and offers each reading to every connected WebSocket client, encoded
/// once per format whatever the number of clients. It never waits for a client: a slow one loses its oldest
/// messages (counted in <see cref="Dropped"/>). Clients stay connected from one session to the next.
/// </summary>
public sealed class ApiSink : IReadingSink
{
    private readonly Lock _clientsLock = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private ApiClientQueue[] _clients = [];
    private SessionInfo? _session;
    private byte[]? _latest;
    private long _published;
    private long _droppedByDeparted;

    public ApiSink() => _json = new Utf8JsonWriter(_buffer);

    public string Name => "api";

    /// <summary>The session being streamed, or the last one; null before the first.</summary>
    public SessionInfo? Session => Volatile.Read(ref _session);

    /// <summary>The latest reading as JSON (the shape of <see cref="ReadingJson"/>); null before the first.</summary>
    public ReadOnlyMemory<byte>? LatestJson =>
        // Spelled out: a bare null would become an empty array's memory, through the conversion from arrays.
        Volatile.Read(ref _latest) is { } latest ? new ReadOnlyMemory<byte>(latest) : default(ReadOnlyMemory<byte>?);

    public long Published => Interlocked.Read(ref _published);

    public int Clients => Volatile.Read(ref _clients).Length;

    /// <summary>Messages dropped for slow clients, past and present.</summary>
    public long Dropped
    {
        get
        {
            lock (_clientsLock)
            {
                return _droppedByDeparted + _clients.Sum(c => c.Dropped);
            }
        }
    }

    public void Start(SessionInfo session) => Volatile.Write(ref _session, session ?? throw new ArgumentNullException(nameof(session)));

    public void Write(in EmotionReading reading)
    {
        SessionInfo session = _session!;
        _buffer.ResetWrittenCount();
        _json.Reset();
        ReadingJson.Write(_json, reading, session.Source, session.Forecaster.HorizonSeconds);
        _json.Flush();
        byte[] json = _buffer.WrittenSpan.ToArray();
        Volatile.Write(ref _latest, json);
        byte[]? messagePack = null;
        foreach (ApiClientQueue client in Volatile.Read(ref _clients))
        {
            if (client.Format == ApiMessageFormat.Json)
            {
                client.Offer(json);
            }
            else
            {
                messagePack ??= EncodeMessagePack(reading);
                client.Offer(messagePack);
            }
        }
        Interlocked.Increment(ref _published);
    }

    public void Complete(SessionSummary summary)
    {
        // Clients stay: the next session (serve --loop, the next file) streams to them too.
    }

    /// <summary>Registers a WebSocket client; it gets every reading published from now on.</summary>
    internal ApiClientQueue Connect(ApiMessageFormat format, int capacity)
    {
        var client = new ApiClientQueue(format, capacity);
        lock (_clientsLock)
        {
            _clients = [.. _clients, client];
        }
        return client;
    }

    internal void Disconnect(ApiClientQueue client)
    {
        lock (_clientsLock)
        {
            _clients = [.. _clients.Where(c => c != client)];
            _droppedByDeparted += client.Dropped;
        }
        client.Close();
    }

    private byte[] EncodeMessagePack(in EmotionReading reading)
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        RecordingFormat.WriteReading(ref writer, reading);
        writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
