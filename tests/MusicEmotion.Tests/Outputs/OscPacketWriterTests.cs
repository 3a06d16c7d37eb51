using MusicEmotion.Outputs.Osc;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>Exact bytes of OSC 1.0 messages and bundles, including the specification's own examples.</summary>
public sealed class OscPacketWriterTests
{
    [Fact]
    public void TheSpecificationsFrequencyExample()
    {
        var packet = new OscPacketWriter(new byte[256]);
        packet.BeginMessage("/oscillator/4/frequency", "f");
        packet.Write(440f);
        Assert.Equal(
            "2f6f7363696c6c61746f722f342f6672657175656e6379002c66000043dc0000",
            Convert.ToHexStringLower(packet.Finish()));
    }

    [Fact]
    public void TheSpecificationsMixedArgumentsExample()
    {
        var packet = new OscPacketWriter(new byte[256]);
        packet.BeginMessage("/foo", "iisff");
        packet.Write(1000);
        packet.Write(-1);
        packet.Write("hello");
        packet.Write(1.234f);
        packet.Write(5.678f);
        Assert.Equal(
            "2f666f6f000000002c69697366660000000003e8ffffffff68656c6c6f0000003f9df3b640b5b22d",
            Convert.ToHexStringLower(packet.Finish()));
    }

    [Theory]
    [InlineData("", "00000000")]
    [InlineData("abc", "61626300")]
    [InlineData("abcd", "6162636400000000")]
    [InlineData("é", "c3a90000")]
    public void StringsAreNulTerminatedAndPaddedToFourBytes(string text, string hex)
    {
        var packet = new OscPacketWriter(new byte[64]);
        packet.BeginMessage("/s", "s");
        packet.Write(text);
        Assert.Equal("2f7300002c730000" + hex, Convert.ToHexStringLower(packet.Finish()));
    }

    [Theory]
    [InlineData(0, "00000000")]
    [InlineData(1, "0000000100000000")]
    [InlineData(4, "0000000400010203")]
    [InlineData(5, "000000050001020304000000")]
    public void BlobsCarryTheirSizeAndArePadded(int length, string hex)
    {
        var packet = new OscPacketWriter(new byte[64]);
        packet.BeginMessage("/b", "b");
        packet.WriteBlob([.. Enumerable.Range(0, length).Select(i => (byte)i)]);
        Assert.Equal("2f6200002c620000" + hex, Convert.ToHexStringLower(packet.Finish()));
    }

    [Fact]
    public void MessagesWithoutArgumentsStillHaveATypeTagString()
    {
        var packet = new OscPacketWriter(new byte[64]);
        packet.BeginMessage("/reset", "");
        Assert.Equal("2f726573657400002c000000", Convert.ToHexStringLower(packet.Finish()));
    }

    [Fact]
    public void ABundleHoldsItsTimeTagAndSizePrefixedMessages()
    {
        var packet = new OscPacketWriter(new byte[256]);
        packet.BeginBundle(new OscTimeTag(0x0102030405060708));
        packet.BeginMessage("/a", "i");
        packet.Write(7);
        packet.BeginMessage("/bc", "f");
        packet.Write(1f);
        Assert.Equal(
            "2362756e646c6500" + "0102030405060708"
            + "0000000c" + "2f610000" + "2c690000" + "00000007"
            + "0000000c" + "2f626300" + "2c660000" + "3f800000",
            Convert.ToHexStringLower(packet.Finish()));
    }

    [Fact]
    public void AnEmptyBundleIsValid()
    {
        var packet = new OscPacketWriter(new byte[16]);
        packet.BeginBundle(OscTimeTag.Immediately);
        Assert.Equal("2362756e646c65000000000000000001", Convert.ToHexStringLower(packet.Finish()));
    }

    [Theory]
    [InlineData("emotion", "f")]
    [InlineData("/has space", "f")]
    [InlineData("/hash#", "f")]
    [InlineData("/é", "f")]
    [InlineData("/ok", "fd")]
    public void BadAddressesAndUnsupportedTagsAreRefused(string address, string tags)
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => new OscPacketWriter(buffer).BeginMessage(address, tags));
    }

    [Theory]
    [InlineData("an int where a float is due", "expects its 'f' argument, not 'i'")]
    [InlineData("finishing before the argument", "still needs its 'f' argument")]
    [InlineData("one argument too many", "no type tag left for a 'f' argument")]
    [InlineData("a second message outside a bundle", "one OSC message unless it is a bundle")]
    public void ArgumentsMustFollowTheTypeTags(string misuse, string expected)
    {
        var packet = new OscPacketWriter(new byte[64]);
        packet.BeginMessage("/x", "f");
        try
        {
            switch (misuse)
            {
                case "an int where a float is due":
                    packet.Write(1);
                    break;
                case "finishing before the argument":
                    packet.Finish();
                    break;
                case "one argument too many":
                    packet.Write(1f);
                    packet.Write(2f);
                    break;
                default:
                    packet.Write(1f);
                    packet.BeginMessage("/again", "");
                    break;
            }
        }
        catch (InvalidOperationException error)
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            return;
        }
        Assert.Fail($"{misuse} was accepted");
    }

    [Fact]
    public void APacketLargerThanItsBufferIsRefused()
    {
        var buffer = new byte[12];
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var packet = new OscPacketWriter(buffer);
            packet.BeginMessage("/emotion/arousal", "f");
        });
        Assert.Contains("12-byte buffer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodingABundleAllocatesNothing()
    {
        var buffer = new byte[1024];
        Allocations.AssertNonePerCall(i => OscBundles.WriteReading(buffer, i));
    }
}
