using System.Net;
using System.Net.Sockets;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Osc;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// The OSC sink as liblo's oscdump (an independent OSC implementation) receives it: addresses, type tags, values,
/// the bundle's time tag, the smoothed stream beside the raw one, and nothing allocated per reading.
/// </summary>
public sealed class OscSinkTests
{
    // oscdump prints floats with %f: six decimals.
    private const float Printed = 5e-7f;

    private static readonly string[] RawAddresses =
        ["/emotion/arousal f", "/emotion/valence f", "/emotion/av ff", "/emotion/quadrant s", "/emotion/label s", "/emotion/forecast ffffffff", "/emotion/level f"];

    [SkippableFact]
    public void EachReadingIsOneBundleTaggedWithTheFramesWallClockTime()
    {
        using OscDump dump = OscDump.Start();
        using var sink = new OscSink([dump.Endpoint], new OscSinkOptions());
        sink.Start(SampleReadings.Session());

        for (int seq = 0; seq < 3; seq++)
        {
            EmotionReading reading = SampleReadings.Reading(seq);
            sink.Write(reading);
            OscDumpLine[] lines = [.. RawAddresses.Select(_ => dump.NextLine())];

            string tag = OscTimeTag.FromDateTimeOffset(SampleReadings.Start.AddSeconds(seq * 0.5)).ToString();
            Assert.All(lines, line => Assert.Equal(tag, line.TimeTag));
            Assert.Equal(RawAddresses, lines.Select(l => $"{l.Address} {l.TypeTags}"));
            AssertCarries(reading, lines);
        }
    }

    [SkippableFact]
    public void AFrameWithoutAReadingSendsOnlyItsLabelAndLevel()
    {
        using OscDump dump = OscDump.Start();
        using var sink = new OscSink([dump.Endpoint], new OscSinkOptions { SmoothingSeconds = 1 });
        sink.Start(SampleReadings.Session());
        EmotionReading missing = SampleReadings.Reading(6);
        Assert.False(missing.HasPoint);

        sink.Write(missing);
        sink.Write(SampleReadings.Reading(7));

        OscDumpLine label = dump.NextLine();
        OscDumpLine level = dump.NextLine();
        Assert.Equal(("/emotion/label", "unknown"), (label.Address, label.Arguments[0]));
        Assert.Equal("/emotion/level", level.Address);
        Assert.Equal(missing.Rms, level.Float(0), Printed);
        Assert.Equal("/emotion/arousal", dump.NextLine().Address);
    }

    [SkippableFact]
    public void WithoutBundlesEveryMessageTravelsAlone()
    {
        using OscDump dump = OscDump.Start();
        using var sink = new OscSink([dump.Endpoint], new OscSinkOptions { Bundle = false });
        sink.Start(SampleReadings.Session());
        EmotionReading reading = SampleReadings.Reading(1);

        sink.Write(reading);
        OscDumpLine[] lines = [.. RawAddresses.Select(_ => dump.NextLine())];

        Assert.Equal(RawAddresses, lines.Select(l => $"{l.Address} {l.TypeTags}"));
        AssertCarries(reading, lines);
        Assert.Equal(RawAddresses.Length, sink.Sender.PacketsSent);
    }

    [SkippableFact]
    public void TheSmoothedStreamGlidesWhileTheRawStreamStaysExact()
    {
        using OscDump dump = OscDump.Start();
        const double Tau = 1.5;
        using var sink = new OscSink([dump.Endpoint], new OscSinkOptions { SmoothingSeconds = Tau, Prefix = "/club/room1/" });
        sink.Start(SampleReadings.Session());
        double arousal = 0, valence = 0;

        for (int seq = 0; seq < 6; seq++)
        {
            EmotionReading reading = SampleReadings.Reading(seq);
            sink.Write(reading);
            OscDumpLine[] lines = [.. Enumerable.Range(0, 10).Select(_ => dump.NextLine())];

            // Exponential smoothing, computed here independently: weight 1 - exp(-dt / tau) per 0.5 s reading.
            double weight = seq == 0 ? 1 : 1 - Math.Exp(-0.5 / Tau);
            arousal += weight * (reading.Point.Arousal - arousal);
            valence += weight * (reading.Point.Valence - valence);
            Assert.Equal("/club/room1/av", lines[2].Address);
            Assert.Equal(reading.Point.Arousal, lines[2].Float(0), Printed);
            Assert.Equal(
                ["/club/room1/smooth/arousal f", "/club/room1/smooth/valence f", "/club/room1/smooth/av ff"],
                lines[7..].Select(l => $"{l.Address} {l.TypeTags}"));
            Assert.Equal(arousal, lines[7].Float(0), 1e-5);
            Assert.Equal(valence, lines[8].Float(0), 1e-5);
            Assert.Equal(arousal, lines[9].Float(0), 1e-5);
            Assert.Equal(valence, lines[9].Float(1), 1e-5);
        }
    }

    [Fact]
    public void TheEndOfASessionReportsWhatWasSent()
    {
        using Socket receiver = Receiver();
        var lines = new List<string>();
        using var sink = new OscSink([Loopback(receiver)], new OscSinkOptions(), lines.Add);
        sink.Start(SampleReadings.Session());
        foreach (EmotionReading reading in SampleReadings.Readings(5))
        {
            sink.Write(reading);
        }
        sink.Complete(Summary());

        Assert.Equal([$"osc 127.0.0.1:{Loopback(receiver).Port}: 5 readings, 5 bundles sent, none refused"], lines);
    }

    [Fact]
    public void SendingAReadingAllocatesNothing()
    {
        using Socket receiver = Receiver();
        receiver.ReceiveBufferSize = 1 << 20;
        IReadOnlyList<EmotionReading> readings = SampleReadings.Readings(14);
        foreach (bool bundle in new[] { true, false })
        {
            using var sink = new OscSink([Loopback(receiver)], new OscSinkOptions { Bundle = bundle, SmoothingSeconds = 2 });
            sink.Start(SampleReadings.Session());
            Allocations.AssertNonePerCall(i => sink.Write(readings[i % readings.Count]), calls: 2_000);
        }
    }

    [Fact]
    public void AnUnresolvableHostIsAOneLineErrorNamingIt()
    {
        var error = Assert.Throws<OscDestinationException>(
            () => new OscSink([OscEndpoint.Parse("no-such-host.invalid:9000")], new OscSinkOptions()));
        Assert.Contains("no-such-host.invalid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("emotion")]
    [InlineData("/")]
    [InlineData("/my room")]
    [InlineData("/a#b")]
    [InlineData("/a/*")]
    public void APrefixThatCannotStartAnAddressIsRefused(string prefix)
    {
        Assert.NotNull(OscSinkOptions.ProblemWithPrefix(prefix));
        Assert.Throws<ArgumentException>(() => new OscSinkOptions { Prefix = prefix });
    }

    private static void AssertCarries(EmotionReading reading, OscDumpLine[] lines)
    {
        Assert.Equal(reading.Point.Arousal, lines[0].Float(0), Printed);
        Assert.Equal(reading.Point.Valence, lines[1].Float(0), Printed);
        Assert.Equal(reading.Point.Arousal, lines[2].Float(0), Printed);
        Assert.Equal(reading.Point.Valence, lines[2].Float(1), Printed);
        Assert.Equal(reading.Quadrant.Name(), lines[3].Arguments[0]);
        Assert.Equal(reading.Label, lines[4].Arguments[0]);
        for (int step = 0; step < reading.ForecastCount; step++)
        {
            Assert.Equal(reading.Forecast[step].Arousal, lines[5].Float(2 * step), Printed);
            Assert.Equal(reading.Forecast[step].Valence, lines[5].Float((2 * step) + 1), Printed);
        }
        Assert.Equal(reading.Rms, lines[6].Float(0), Printed);
    }

    private static SessionSummary Summary() => new() { Counters = new PipelineCounters(), Latency = new LatencyReport() };

    private static Socket Receiver()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static OscEndpoint Loopback(Socket receiver) => new("127.0.0.1", ((IPEndPoint)receiver.LocalEndPoint!).Port);
}
