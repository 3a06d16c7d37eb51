using System.Buffers;
using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

public sealed class MessagePackReaderTests
{
    [Theory]
    [InlineData("05", 5)]
    [InlineData("ff", -1)]
    [InlineData("e0", -32)]
    [InlineData("cc05", 5)]
    [InlineData("cd0005", 5)]
    [InlineData("ce00000005", 5)]
    [InlineData("cf0000000000000005", 5)]
    [InlineData("d0fb", -5)]
    [InlineData("d1fffb", -5)]
    [InlineData("d2fffffffb", -5)]
    [InlineData("d3fffffffffffffffb", -5)]
    [InlineData("d005", 5)]
    [InlineData("ce7fffffff", int.MaxValue)]
    [InlineData("d280000000", int.MinValue)]
    public void EveryIntegerFormatReadsAsAnyTypeItFits(string hex, int expected)
    {
        Assert.Equal(expected, Reader(hex).ReadInt32());
        Assert.Equal(expected, Reader(hex).ReadInt64());
        Assert.Equal(expected, Reader(hex).ReadDouble());
    }

    [Fact]
    public void IntegersOutsideTheAskedRangeAreFormatErrors()
    {
        var tooBigForInt32 = Reader("ce80000000");
        var tooBigForInt64 = Reader("cf8000000000000000");
        var negative = Reader("ff");

        Assert.Contains("2147483648 is out of", CatchFormat(ref tooBigForInt32, static (ref MessagePackReader r) => r.ReadInt32()).Message, StringComparison.Ordinal);
        Assert.Contains("9223372036854775808 is out of", CatchFormat(ref tooBigForInt64, static (ref MessagePackReader r) => r.ReadInt64()).Message, StringComparison.Ordinal);
        Assert.Contains("-1 is out of", CatchFormat(ref negative, static (ref MessagePackReader r) => r.ReadUInt64()).Message, StringComparison.Ordinal);
        Assert.Equal(0, tooBigForInt32.Consumed + tooBigForInt64.Consumed + negative.Consumed);
    }

    [Fact]
    public void TheFullUnsignedRangeReads() => Assert.Equal(ulong.MaxValue, Reader("cfffffffffffffffff").ReadUInt64());

    [Fact]
    public void FloatsWidenExactlyAndNarrowToNearest()
    {
        Assert.Equal(1.5, Reader("ca3fc00000").ReadDouble());
        Assert.Equal((double)0.1f, Reader("ca3dcccccd").ReadDouble());
        Assert.Equal(0.1f, Reader("cb3fb999999999999a").ReadSingle());
        Assert.Equal(3f, Reader("03").ReadSingle());
        Assert.True(double.IsNaN(Reader("cb7ff8000000000000").ReadDouble()));
    }

    [Fact]
    public void NilBooleansAndTheirMismatches()
    {
        var reader = Reader("c0c3c2");
        Assert.False(Reader("c3").TryReadNil());
        Assert.True(reader.TryReadNil());
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        Assert.True(reader.End);
    }

    [Fact]
    public void AMismatchNamesBothTypesAndTheOffsetAndLeavesTheReaderInPlace()
    {
        var reader = Reader("01d9036162");
        reader.ReadInt32();

        MessagePackFormatException error = CatchFormat(ref reader, static (ref MessagePackReader r) => r.ReadInt64());

        Assert.Equal(1, error.Offset);
        Assert.False(error.IsTruncated);
        Assert.Equal("MessagePack at byte 1: expected a 64-bit signed integer but found str 8 (0xd9)", error.Message);
        Assert.Equal(1, reader.Consumed);
    }

    [Fact]
    public void StringsAndTheirRawBytes()
    {
        Assert.Equal("héllo", Reader("a668c3a96c6c6f").ReadString());
        Assert.Equal("abc", Reader("d903616263").ReadString());
        Assert.Equal("abc", Reader("da0003616263").ReadString());
        Assert.Equal("abc", Reader("db00000003616263").ReadString());
        Assert.Equal("", Reader("a0").ReadString());
        Assert.Equal([0x61, 0x62], Reader("a26162").ReadStringBytes().ToArray());
    }

    [Fact]
    public void InvalidUtf8IsAFormatErrorButItsBytesCanStillBeRead()
    {
        var reader = Reader("a2c328");
        MessagePackFormatException error = CatchFormat(ref reader, static (ref MessagePackReader r) => r.ReadString());
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, reader.Consumed);
        Assert.Equal([0xc3, 0x28], reader.ReadStringBytes().ToArray());
    }

    [Fact]
    public void BinariesAndExtensionsOfEveryFormat()
    {
        Assert.Equal([1, 2], Reader("c4020102").ReadBinary().ToArray());
        Assert.Equal([1, 2], Reader("c500020102").ReadBinary().ToArray());
        Assert.Equal([1, 2], Reader("c6000000020102").ReadBinary().ToArray());
        foreach ((string hex, int length) in new[] { ("d4", 1), ("d5", 2), ("d6", 4), ("d7", 8), ("d8", 16) })
        {
            var reader = Reader(hex + "fe" + Convert.ToHexString(MessagePackSamples.Bytes(length)));
            Assert.Equal(MessagePackSamples.Bytes(length), reader.ReadExtension(out sbyte type).ToArray());
            Assert.Equal(-2, type);
            Assert.True(reader.End);
        }
        Assert.Equal([9], Reader("c7010709").ReadExtension(out sbyte t8).ToArray());
        Assert.Equal(7, t8);
        Assert.Empty(Reader("c8000007").ReadExtension(out _).ToArray());
        Assert.Equal([9], Reader("c9000000017f09").ReadExtension(out sbyte t32).ToArray());
        Assert.Equal(127, t32);
    }

    [Fact]
    public void ContainerHeadersOfEveryFormat()
    {
        Assert.Equal(2, Reader("920102").ReadArrayHeader());
        Assert.Equal(2, Reader("dc00020102").ReadArrayHeader());
        Assert.Equal(2, Reader("dd000000020102").ReadArrayHeader());
        Assert.Equal(1, Reader("810102").ReadMapHeader());
        Assert.Equal(1, Reader("de00010102").ReadMapHeader());
        Assert.Equal(1, Reader("df000000010102").ReadMapHeader());
    }

    [Fact]
    public void SkipStepsOverEveryFormat()
    {
        var reader = new MessagePackReader(MessagePackBytes.Encode(MessagePackSamples.All));
        int skipped = 0;
        for (; !reader.End; skipped++)
        {
            reader.Skip();
        }
        Assert.Equal(MessagePackSamples.All.Count, skipped);
    }

    [Fact]
    public void SkippingAllocatesNothing()
    {
        byte[] data = MessagePackBytes.Encode(MessagePackSamples.All.Where(v => MessagePackBytes.Encode(v).Length <= 512));
        Allocations.AssertNonePerCall(_ =>
        {
            var reader = new MessagePackReader(data);
            while (!reader.End)
            {
                reader.Skip();
            }
        }, calls: 2_000);
    }

    [Fact]
    public void ValuesReadTheSameWhateverTheSegmentBoundaries()
    {
        // One-byte segments for the values up to a few kilobytes, mixed sizes for all of them.
        List<MessagePackValue> small = [.. MessagePackSamples.All.Where(v => MessagePackBytes.Encode(v).Length <= 4096)];
        Assert.Equal(small, MessagePackBytes.ReadAll(MessagePackBytes.Segmented(MessagePackBytes.Encode(small), 1)));
        byte[] data = MessagePackBytes.Encode(MessagePackSamples.All);
        Assert.Equal(MessagePackSamples.All, MessagePackBytes.ReadAll(MessagePackBytes.Segmented(data, 3, 1, 7, 2, 4096)));
    }

    [Fact]
    public void EveryCutOfAValueIsATruncationAndTheReaderStaysAtItsStart()
    {
        foreach (MessagePackValue value in MessagePackSamples.All.Where(v => MessagePackBytes.Encode(v).Length < 2000))
        {
            byte[] whole = MessagePackBytes.Encode(MessagePackValue.Nil, value);
            for (int cut = 1; cut < whole.Length; cut++)
            {
                var reader = new MessagePackReader(whole.AsMemory(0, cut));
                reader.ReadNil();
                MessagePackFormatException error = CatchFormat(ref reader, static (ref MessagePackReader r) => MessagePackValue.Read(ref r));
                Assert.True(error.IsTruncated, $"{value} cut at {cut}: {error.Message}");
                Assert.InRange(error.Offset, 1, cut);
                Assert.Equal(1, reader.Consumed);
            }
        }
    }

    [Theory]
    [InlineData("db7fffffff", "str 32 of 2147483647 bytes exceeds the limit of 1048576")]
    [InlineData("c6ffffffff", "bin 32 of 4294967295 bytes exceeds the limit of 16777216")]
    [InlineData("c9ffffffff01", "ext 32 of 4294967295 bytes exceeds the limit of 16777216")]
    [InlineData("ddffffffff", "array 32 of 4294967295 entries exceeds the limit of 1048576")]
    [InlineData("dfffffffff", "map 32 of 4294967295 entries exceeds the limit of 1048576")]
    public void CorruptLengthsHitTheDefaultLimitsBeforeAnyAllocation(string hex, string expected)
    {
        var reader = Reader(hex);
        long before = GC.GetAllocatedBytesForCurrentThread();
        MessagePackFormatException error = CatchFormat(ref reader, static (ref MessagePackReader r) => MessagePackValue.Read(ref r));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Equal($"MessagePack at byte 0: {expected}", error.Message);
        Assert.False(error.IsTruncated);
    }

    [Fact]
    public void CountsBeyondTheBytesLeftAreTruncationsEvenWithinTheLimits()
    {
        var reader = new MessagePackReader(Convert.FromHexString("dd0001000001"), new MessagePackLimits { MaxArrayLength = int.MaxValue });
        MessagePackFormatException error = CatchFormat(ref reader, static (ref MessagePackReader r) => r.ReadArrayHeader());
        Assert.True(error.IsTruncated);
        Assert.Contains("array 32 of 65536 entries runs past the end of the data (1 bytes left)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitsAreConfigurable()
    {
        var limits = new MessagePackLimits { MaxStringBytes = 2, MaxBinaryBytes = 2, MaxArrayLength = 2, MaxMapLength = 1 };
        Assert.Equal("ab", new MessagePackReader(Convert.FromHexString("a26162"), limits).ReadString());
        foreach (string hex in new[] { "a3616263", "c403010203", "d6010a0b0c0d", "93010203", "8201020304" })
        {
            var reader = new MessagePackReader(Convert.FromHexString(hex), limits);
            MessagePackFormatException error = CatchFormat(ref reader, static (ref MessagePackReader r) => r.Skip());
            Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxStringBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackLimits { MaxDepth = MessagePackLimits.DepthCeiling + 1 });
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void NestingIsBoundedByTheDepthLimit(int depth, bool allowed)
    {
        // depth - 1 nested one-element arrays around an empty map: `depth` containers deep.
        byte[] data = [.. Enumerable.Repeat((byte)0x91, depth - 1), 0x80];
        var skipper = new MessagePackReader(data);
        var tree = new MessagePackReader(data);
        if (allowed)
        {
            skipper.Skip();
            MessagePackValue.Read(ref tree);
            Assert.True(skipper.End && tree.End);
        }
        else
        {
            Assert.Contains("deeper than the limit of 64", CatchFormat(ref skipper, static (ref MessagePackReader r) => r.Skip()).Message, StringComparison.Ordinal);
            CatchFormat(ref tree, static (ref MessagePackReader r) => MessagePackValue.Read(ref r));
            Assert.Equal(0, skipper.Consumed);
        }
    }

    [Fact]
    public void TheNeverUsedByteIsNoValue()
    {
        var reader = Reader("c1");
        Assert.Equal(MessagePackType.Invalid, reader.NextType);
        Assert.Contains("the never-used byte 0xc1", CatchFormat(ref reader, static (ref MessagePackReader r) => r.Skip()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingTypedValuesAllocatesNothing()
    {
        byte[] data = MessagePackBytes.Encode(MessagePackSamples.Reading(7));
        static double ReadReading(byte[] data)
        {
            var reader = new MessagePackReader(data);
            double sum = 0;
            for (int entries = reader.ReadMapHeader(); entries > 0; entries--)
            {
                sum += reader.ReadStringBytes().Length;
                switch (reader.NextType)
                {
                    case MessagePackType.Integer:
                    case MessagePackType.Float:
                        sum += reader.ReadDouble();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            return sum;
        }
        Allocations.AssertNonePerCall(_ => ReadReading(data));
    }

    internal delegate void ReadAction(ref MessagePackReader reader);

    internal static MessagePackFormatException CatchFormat(ref MessagePackReader reader, ReadAction read)
    {
        try
        {
            read(ref reader);
        }
        catch (MessagePackFormatException error)
        {
            return error;
        }
        throw new Xunit.Sdk.XunitException("expected a MessagePackFormatException");
    }

    private static MessagePackReader Reader(string hex) => new(Convert.FromHexString(hex));
}
