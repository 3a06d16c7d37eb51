using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MusicEmotion.Cli;
using MusicEmotion.Tests.Outputs;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// musicemotion serve as a user starts it: streaming a file at real pace to WebSocket clients and /readings/latest,
/// stopping cleanly on SIGTERM, and refusing a taken port or a public address with one line and exit code 2.
/// </summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task ServeStreamsItsInputAtRealPaceAndStopsCleanly()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("love_theme", 3, _folder);
        using Process serve = CliProcess.Start(["serve", "--port", "0", "--input", audio, "--loop", .. CliProcess.Models(models)]);
        try
        {
            Uri address = await AddressAsync(serve);
            using var http = new HttpClient { Timeout = Patience };
            using var socket = new ClientWebSocket();
            using var patience = new CancellationTokenSource(Patience);
            await socket.ConnectAsync(new UriBuilder(new Uri(address, "readings")) { Scheme = "ws" }.Uri, patience.Token);

            var clock = Stopwatch.StartNew();
            var readings = new List<JsonNode>();
            var arrivals = new List<TimeSpan>();
            byte[] buffer = new byte[64 * 1024];
            while (readings.Count < 6)
            {
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), patience.Token);
                Assert.True(result.EndOfMessage);
                readings.Add(JsonNode.Parse(buffer.AsSpan(0, result.Count))!);
                arrivals.Add(clock.Elapsed);
            }

            // Readings of a file streamed as if live come half a second apart, whatever the machine: four intervals
            // take about 2 s. The first reading is left out, since the stream started before the client connected and
            // a pipeline still warming up may deliver its first reading late, close to the second.
            TimeSpan span = arrivals[5] - arrivals[1];
            Assert.True(span >= TimeSpan.FromSeconds(1.6), $"readings 2 to 6 arrived within {span}");
            Assert.All(readings, r => Assert.Equal(audio, (string?)r["file"]));
            JsonNode health = JsonNode.Parse(await http.GetStringAsync(new Uri(address, "health")))!;
            Assert.Equal(audio, (string?)health["stream"]!["source"]);
            JsonNode latest = JsonNode.Parse(await http.GetStringAsync(new Uri(address, "readings/latest")))!;
            Assert.NotNull(latest["arousal"]);

            Signal(serve, "TERM");
            Assert.True(serve.WaitForExit(Patience), "serve did not stop on SIGTERM");
            Assert.Equal(ExitCodes.Ok, serve.ExitCode);
            Assert.Contains("musicemotion: stopping", await serve.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill();
            }
        }
    }

    [SkippableFact]
    public void ATakenPortOrAPublicAddressIsAUsageErrorInOneLine()
    {
        using ReferenceModels models = ReferenceModels.Load();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        CliResult busy = CliProcess.Run(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. CliProcess.Models(models)]);
        CliResult open = CliProcess.Run(["serve", "--bind", "0.0.0.0", .. CliProcess.Models(models)]);

        Assert.Equal((ExitCodes.Usage, $"musicemotion: cannot listen on 127.0.0.1:{port}: the port is in use by another program; choose another with --port"),
            (busy.ExitCode, busy.Stderr.Trim()));
        Assert.Equal((ExitCodes.Usage, "musicemotion: 0.0.0.0 can be reached from other machines and the API has no authentication; listen there only with --allow-remote"),
            (open.ExitCode, open.Stderr.Trim()));
    }

    /// <summary>The address serve prints when it is listening (port 0 asks for any free port).</summary>
    internal static async Task<Uri> AddressAsync(Process serve)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (await serve.StandardError.ReadLineAsync(patience.Token) is { } line)
        {
            if (Serving().Match(line) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }
        }
        throw new Xunit.Sdk.XunitException($"serve exited ({serve.ExitCode}) without listening: {await serve.StandardError.ReadToEndAsync()}");
    }

    internal static void Signal(Process process, string signal) =>
        ExternalProgram.Run("kill", $"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^musicemotion: serving (http://\S+) ")]
    private static partial Regex Serving();
}
