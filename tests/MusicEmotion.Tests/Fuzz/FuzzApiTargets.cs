using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MusicEmotion.Outputs.Api;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Outputs;

namespace MusicEmotion.Tests.Fuzz;

/// <summary>
/// The API's two ways in, against a real in-process <see cref="ApiServer"/> on 127.0.0.1 (a free port, nothing
/// else reaches it): mutated POST /analyze bodies, and mutated WebSocket frames sent after a real handshake.
/// The server must answer each with a status it documents (or close the socket) and keep answering /health.
/// </summary>
internal static class FuzzApiTargets
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static FuzzTarget Analyze()
    {
        var server = new Lazy<Server>(Server.Start);
        return new FuzzTarget
        {
            Name = "http-analyze",
            Reads = "POST /analyze bodies (in-process ApiServer, 127.0.0.1)",
            Seeds = AnalyzeSeeds,
            Run = body => server.Value.Post(body),
            Errors = [],
            ProcessWideAllocation = true,
            // The server streams the body to a file and decodes it in 64 KB blocks; one pipeline per request
            // (channels, pooled frames, the engine's session) costs a few megabytes whatever the body claims.
            AllocationCap = length => (64L * length) + (32L << 20),
            TimeBound = Patience,
            Release = () => Release(server),
        };
    }

    public static FuzzTarget WebSocket()
    {
        var server = new Lazy<Server>(Server.Start);
        return new FuzzTarget
        {
            Name = "websocket",
            Reads = "WebSocket frames from a client of /readings (in-process ApiServer, 127.0.0.1)",
            Seeds = WebSocketSeeds,
            Run = frames => server.Value.SendFrames(frames),
            Errors = [],
            ProcessWideAllocation = true,
            AllocationCap = length => (64L * length) + (4L << 20),
            TimeBound = Patience,
            Release = () => Release(server),
        };
    }

    private static void Release(Lazy<Server> server)
    {
        if (server.IsValueCreated)
        {
            server.Value.Dispose();
        }
    }

    /// <summary>
    /// One WAV of a frame and a half (so accepted bodies run the model) and tiny ones of 200 samples, whose
    /// headers are a tenth of their bytes, so mutants reach the header and chunk errors as often as the samples.
    /// </summary>
    private static IReadOnlyList<byte[]> AnalyzeSeeds()
    {
        short[] tone = [.. Enumerable.Range(0, 33_000).Select(i => (short)(9000 * Math.Sin(i * 0.03)))];
        short[] tiny = tone[..200];
        return
        [
            TestWav.Pcm16(44_100, 1, tone),
            TestWav.Pcm16(22_050, 2, tiny),
            TestWav.Float32(44_100, 1, [.. tiny.Select(s => s / 32768f)]),
            TestWav.Riff(TestWav.Chunk("fmt ", TestWav.ExtensibleFormat(1, 2, 48_000, 24, 24)), TestWav.Chunk("data", TestWav.Int24Bytes([.. tiny.Select(s => s * 256)]))),
        ];
    }

    /// <summary>Masked client frames as RFC 6455 has them: text, binary, a 16-bit length, ping, fragments, close.</summary>
    private static IReadOnlyList<byte[]> WebSocketSeeds() =>
    [
        Frame(0x81, "hello"u8.ToArray()),
        Frame(0x82, [1, 2, 3, 4, 5, 6, 7, 8]),
        Frame(0x82, new byte[300]),
        [.. Frame(0x89, "ping"u8.ToArray()), .. Frame(0x81, "{}"u8.ToArray())],
        [.. Frame(0x01, "frag"u8.ToArray()), .. Frame(0x80, "ment"u8.ToArray())],
        [.. Frame(0x81, "bye"u8.ToArray()), .. Frame(0x88, [0x03, 0xe8, .. "done"u8])],
    ];

    private static byte[] Frame(byte first, byte[] payload)
    {
        byte[] mask = [0x37, 0xfa, 0x21, 0x3d];
        List<byte> frame = [first];
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.AddRange([0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        return [.. frame];
    }

    /// <summary>The server, with the reference model behind /analyze and no rate limit in the way.</summary>
    private sealed class Server : IDisposable
    {
        private readonly ReferenceModels _models;
        private readonly ApiSink _sink = new();
        private readonly ApiServer _server;
        private readonly HttpClient _http = new() { Timeout = Patience };

        private Server()
        {
            _models = ReferenceModels.Load();
            var options = new ApiServerOptions { Port = 0, AnalyzePerMinute = int.MaxValue, MaxUploadBytes = 120_000 };
            _server = ApiServer.StartAsync(options, _sink, new UploadAnalyzer(_models.Models), CancellationToken.None).GetAwaiter().GetResult();
        }

        public static Server Start() => new();

        /// <summary>The status and the error's kind; a status the API does not document, or no answer, is a crash.</summary>
        public string Post(byte[] body)
        {
            using var content = new ByteArrayContent(body);
            using HttpResponseMessage response = _http.PostAsync(new Uri(_server.Address, "analyze"), content).GetAwaiter().GetResult();
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            int status = (int)response.StatusCode;
            if (status is not (200 or 400 or 413 or 415))
            {
                throw new InvalidOperationException($"POST /analyze answered {status}: {text}");
            }
            if (status == 200)
            {
                return "200 analysed";
            }
            string error = JsonNode.Parse(text)?["error"]?.GetValue<string>() ?? "";
            if (error.Length == 0 || error.Contains('\n'))
            {
                throw new InvalidOperationException($"POST /analyze answered {status} without a one-line error: {text}");
            }
            return $"{status} {FuzzRun.Kind(error)}";
        }

        /// <summary>
        /// Opens /readings, sends <paramref name="frames"/> followed by the client's close (<see cref="ThenClose"/>)
        /// and reads until the server closes; then /health must answer. The outcome is how the server ended the
        /// connection (<see cref="HowItEnded"/>).
        /// </summary>
        public string SendFrames(byte[] frames)
        {
            string outcome;
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                // Reset rather than linger: a hundred thousand connections must not use up the ports in TIME_WAIT.
                socket.LingerState = new LingerOption(true, 0);
                socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
                socket.Connect(IPAddress.Loopback, _server.Port());
                string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
                socket.Send(Encoding.ASCII.GetBytes(
                    $"GET /readings HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
                string handshake = ReadHandshake(socket);
                if (!handshake.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the WebSocket handshake was answered {handshake.Split('\r')[0]}");
                }
                if (ThenClose(frames) is { } closed)
                {
                    socket.Send(closed);
                }
                else
                {
                    socket.Send(frames);
                    socket.Shutdown(SocketShutdown.Send);
                }
                outcome = HowItEnded(socket);
            }
            using HttpResponseMessage health = _http.GetAsync(new Uri(_server.Address, "health")).GetAwaiter().GetResult();
            return health.StatusCode == HttpStatusCode.OK
                ? outcome
                : throw new InvalidOperationException($"/health answered {(int)health.StatusCode} after the frames");
        }

        /// <summary>The most zero bytes <see cref="ThenClose"/> adds to make a cut-short last frame whole.</summary>
        private const int MostPadding = 1 << 16;

        /// <summary>
        /// The frames, their last frame made whole with zero bytes, then a close frame (1000). Ending the sending
        /// side instead would race the server: Kestrel aborts a connection when the client's FIN arrives, often
        /// before the close frame the server was writing goes out, and how often it wins depends on the machine's
        /// load (a CI run once saw 500 of 500 connections end without one). Null when the last frame claims more
        /// than <see cref="MostPadding"/> bytes it does not have: those are sent as they are and the side is ended.
        /// </summary>
        private static byte[]? ThenClose(byte[] frames)
        {
            List<byte> bytes = [.. frames];
            for (int at = 0; at < bytes.Count;)
            {
                PadTo(bytes, at + 2);
                int length7 = bytes[at + 1] & 0x7f;
                int header = 2 + (length7 switch { 126 => 2, 127 => 8, _ => 0 }) + ((bytes[at + 1] & 0x80) != 0 ? 4 : 0);
                PadTo(bytes, at + header);
                ulong payload = length7 switch
                {
                    126 => BinaryPrimitives.ReadUInt16BigEndian(CollectionsMarshal.AsSpan(bytes).Slice(at + 2, 2)),
                    127 => BinaryPrimitives.ReadUInt64BigEndian(CollectionsMarshal.AsSpan(bytes).Slice(at + 2, 8)),
                    _ => (ulong)length7,
                };
                if (payload > (ulong)(bytes.Count - at - header + MostPadding))
                {
                    return null;
                }
                at += header + (int)payload;
                PadTo(bytes, at);
            }
            return [.. bytes, .. Frame(0x88, [0x03, 0xe8])];
        }

        private static void PadTo(List<byte> bytes, int count)
        {
            while (bytes.Count < count)
            {
                bytes.Add(0);
            }
        }

        private static string ReadHandshake(Socket socket)
        {
            var text = new StringBuilder();
            byte[] one = new byte[1];
            while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && socket.Receive(one) == 1)
            {
                text.Append((char)one[0]);
            }
            return text.ToString();
        }

        /// <summary>
        /// The server's first frame (its close and status code) and how the connection ended: a reset follows a
        /// close the server sent before reading all the client's bytes (a protocol error), as TCP does for unread data.
        /// </summary>
        private static string HowItEnded(Socket socket)
        {
            byte[] received = new byte[4096];
            int length = 0;
            string end = "";
            try
            {
                for (int got; length < received.Length && (got = socket.Receive(received, length, received.Length - length, SocketFlags.None)) > 0;)
                {
                    length += got;
                }
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
            {
                end = ", then reset";
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.TimedOut)
            {
                throw new InvalidOperationException($"the server neither closed nor answered within {Patience.TotalSeconds} s");
            }
            string first = length >= 4 && received[0] == 0x88
                ? $"closed {(received[2] << 8) | received[3]}"
                : length == 0 ? "nothing" : $"a frame {received[0]:x2}";
            return first + end;
        }

        public void Dispose()
        {
            _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _http.Dispose();
            _models.Dispose();
        }
    }

    private static int Port(this ApiServer server) => server.Address.Port;
}
