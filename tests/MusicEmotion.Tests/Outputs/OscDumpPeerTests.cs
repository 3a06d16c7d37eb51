using MusicEmotion.Outputs.Osc;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// What <see cref="OscSender"/> sends, as liblo (an independent OSC implementation) receives it: oscdump
/// prints each message's address, type tags and arguments, and a bundle's time tag on each of its messages.
/// </summary>
public sealed class OscDumpPeerTests
{
    // oscdump prints floats with %f: six decimals.
    private const float Printed = 5e-7f;

    [SkippableFact]
    public void AMessageOfMixedArgumentsArrivesIntact()
    {
        using OscDump dump = OscDump.Start();
        using var sender = new OscSender([dump.Endpoint]);
        var packet = new OscPacketWriter(new byte[256]);
        packet.BeginMessage("/emotion/test", "ifsbf");
        packet.Write(-123456);
        packet.Write(0.125f);
        packet.Write("héllo wörld");
        packet.WriteBlob([1, 2, 255]);
        packet.Write(-3.5f);

        sender.Send(packet.Finish());
        OscDumpLine line = dump.NextLine();

        Assert.Equal("/emotion/test", line.Address);
        Assert.Equal("ifsbf", line.TypeTags);
        Assert.Equal(["-123456", "0.125000", "héllo wörld", "3b 0x1 0x2 0xff", "-3.500000"], line.Arguments);
    }

    [SkippableFact]
    public void AReadingBundleArrivesAsSevenMessagesWithItsTimeTag()
    {
        using OscDump dump = OscDump.Start();
        using var sender = new OscSender([dump.Endpoint]);
        const int reading = 4;

        sender.Send(OscBundles.WriteReading(new byte[1024], reading));
        OscDumpLine[] lines = [.. Enumerable.Range(0, 7).Select(_ => dump.NextLine())];

        Assert.All(lines, line => Assert.Equal(OscBundles.Time.ToString(), line.TimeTag));
        Assert.Equal(
            ["/emotion/arousal f", "/emotion/valence f", "/emotion/av ff", "/emotion/quadrant s", "/emotion/label s", "/emotion/forecast ffffffff", "/emotion/level f"],
            lines.Select(l => $"{l.Address} {l.TypeTags}"));
        Assert.Equal(OscBundles.Arousal(reading), lines[0].Float(0), Printed);
        Assert.Equal(OscBundles.Valence(reading), lines[1].Float(0), Printed);
        Assert.Equal(OscBundles.Arousal(reading), lines[2].Float(0), Printed);
        Assert.Equal(OscBundles.Valence(reading), lines[2].Float(1), Printed);
        Assert.Equal("passive-negative", lines[3].Arguments[0]);
        Assert.Equal("sad", lines[4].Arguments[0]);
        for (int step = 0; step < 8; step++)
        {
            Assert.Equal(OscBundles.Forecast(reading, step), lines[5].Float(step), Printed);
        }
        Assert.Equal(0.56f, lines[6].Float(0), Printed);
    }

    [SkippableFact]
    public void ManyPacketsInARowAllArriveInOrder()
    {
        using OscDump dump = OscDump.Start();
        using var sender = new OscSender([dump.Endpoint]);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 50; i++)
        {
            var packet = new OscPacketWriter(buffer);
            packet.BeginMessage("/emotion/seq", "i");
            packet.Write(i);
            sender.Send(packet.Finish());
        }

        int[] received = [.. Enumerable.Range(0, 50).Select(_ => int.Parse(dump.NextLine().Arguments[0], System.Globalization.CultureInfo.InvariantCulture))];

        Assert.Equal(Enumerable.Range(0, 50), received);
        Assert.Equal(0, sender.SendErrors);
    }
}
