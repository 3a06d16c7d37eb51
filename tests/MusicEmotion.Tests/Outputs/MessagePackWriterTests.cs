using System.Buffers;
using MessagePack;
using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Exact bytes, as the specification lays them out, on both sides of every format boundary, from the MessagePack
/// package's writer as the recorder and <see cref="MessagePackValue"/> use it. These bytes are the ones our own
/// writer produced before the package replaced it (the same tests passed against both), so recordings and
/// WebSocket messages stay byte-identical.
/// </summary>
public sealed class MessagePackWriterTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(255L, "ccff")]
    [InlineData(256L, "cd0100")]
    [InlineData(65535L, "cdffff")]
    [InlineData(65536L, "ce00010000")]
    [InlineData(4294967295L, "ceffffffff")]
    [InlineData(4294967296L, "cf0000000100000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void SignedIntegersTakeTheSmallestFormat(long value, string hex) =>
        Assert.Equal(hex, MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(value)));

    [Fact]
    public void UnsignedIntegersAboveTheSignedRangeAreUInt64() =>
        Assert.Equal("cfffffffffffffffff", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(ulong.MaxValue)));

    [Fact]
    public void NilAndBooleansAreOneByte() =>
        Assert.Equal("c0c2c3", MessagePackBytes.Hex((ref MessagePackWriter w) =>
        {
            w.WriteNil();
            w.Write(false);
            w.Write(true);
        }));

    [Fact]
    public void NullStringIsNil() => Assert.Equal("c0", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write((string?)null)));

    [Fact]
    public void FloatPrecisionIsTheCallersChoice()
    {
        Assert.Equal("ca3fc00000", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(1.5f)));
        Assert.Equal("cb3ff8000000000000", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(1.5)));
        Assert.Equal("ca80000000", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(-0f)));
        Assert.Equal("cb7ff0000000000000", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(double.PositiveInfinity)));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void StringHeaderCountsUtf8BytesNotCharacters(int utf8Bytes, string header)
    {
        string text = MessagePackSamples.Text(utf8Bytes);
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.Write(text);
        writer.Flush();

        Assert.Equal(header, Convert.ToHexStringLower(output.WrittenSpan[..(header.Length / 2)]));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), output.WrittenSpan[(header.Length / 2)..].ToArray());
    }

    [Fact]
    public void MultibyteCharactersAreEncodedInPlace()
    {
        Assert.Equal("a2c3a9", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write("é")));
        Assert.Equal("a4f09f8eb5", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write("🎵")));
        // Sixteen two-byte characters are 32 bytes: one past fixstr although only 16 characters.
        Assert.StartsWith("d920c3a9", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(string.Concat(Enumerable.Repeat("é", 16)))));
    }

    [Fact]
    public void LoneSurrogatesBecomeTheReplacementCharacter() =>
        Assert.Equal("a3efbfbd", MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write("\ud83c")));

    [Fact]
    public void PreEncodedUtf8StringsKeepTheirBytes() =>
        Assert.Equal("a3736571", MessagePackBytes.Hex((ref MessagePackWriter w) => w.WriteString("seq"u8)));

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void BinaryHeaderBoundaries(int length, string header)
    {
        byte[] data = MessagePackSamples.Bytes(length);
        string hex = MessagePackBytes.Hex((ref MessagePackWriter w) => w.Write(data));
        Assert.Equal(header + Convert.ToHexStringLower(data), hex);
    }

    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc0010", "de0010")]
    [InlineData(65535, "dcffff", "deffff")]
    [InlineData(65536, "dd00010000", "df00010000")]
    [InlineData(int.MaxValue, "dd7fffffff", "df7fffffff")]
    public void ContainerHeaderBoundaries(int count, string arrayHeader, string mapHeader)
    {
        Assert.Equal(arrayHeader, MessagePackBytes.Hex((ref MessagePackWriter w) => w.WriteArrayHeader(count)));
        Assert.Equal(mapHeader, MessagePackBytes.Hex((ref MessagePackWriter w) => w.WriteMapHeader(count)));
    }

    [Theory]
    [InlineData(1, "d405")]
    [InlineData(2, "d505")]
    [InlineData(4, "d605")]
    [InlineData(8, "d705")]
    [InlineData(16, "d805")]
    [InlineData(0, "c70005")]
    [InlineData(3, "c70305")]
    [InlineData(17, "c71105")]
    [InlineData(255, "c7ff05")]
    [InlineData(256, "c8010005")]
    [InlineData(65536, "c90001000005")]
    public void ExtensionsUseFixextForTheFixedSizes(int length, string header)
    {
        byte[] data = MessagePackSamples.Bytes(length);
        Assert.Equal(header + Convert.ToHexStringLower(data), Convert.ToHexStringLower(MessagePackBytes.Encode(MessagePackValue.Extension(5, data))));
    }

    [Fact]
    public void ReservedExtensionTypeCodesAreWrittenAsSignedBytes() =>
        Assert.Equal("d4ff00", Convert.ToHexStringLower(MessagePackBytes.Encode(MessagePackValue.Extension(-1, [0]))));

    [Fact]
    public void WritingScalarsHeadersAndStringsAllocatesNothing()
    {
        var output = new ArrayBufferWriter<byte>(4096);
        void WriteReading(int i)
        {
            // A writer per record, flushed at its end, as the recorder and the WebSocket sink use it.
            output.ResetWrittenCount();
            var writer = new MessagePackWriter(output);
            writer.WriteMapHeader(6);
            writer.WriteString("seq"u8);
            writer.Write((long)i);
            writer.Write("arousal");
            writer.Write(0.25f * i);
            writer.Write("label".AsSpan());
            writer.Write("passive-négative");
            writer.Write("wall");
            writer.Write(1.5e9 + i);
            writer.Write("flags");
            writer.WriteArrayHeader(2);
            writer.Write(i % 2 == 0);
            writer.WriteNil();
            writer.Write("ext");
            writer.WriteExtensionFormatHeader(new ExtensionHeader(1, 4));
            writer.WriteRaw("abcd"u8);
            writer.Flush();
        }
        Allocations.AssertNonePerCall(WriteReading);
    }
}
