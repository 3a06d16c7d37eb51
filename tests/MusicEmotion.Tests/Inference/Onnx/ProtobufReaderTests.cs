using FsCheck;
using FsCheck.Fluent;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.TestSupport.Onnx;

namespace MusicEmotion.Tests.Inference.Onnx;

public sealed class ProtobufReaderTests
{
    [Fact]
    public void ReadsTheWireFormatsKnownEncodings()
    {
        // Field 1 = 150 is the format's own example: 08 96 01.
        var reader = new ProtobufReader([0x08, 0x96, 0x01]);
        Assert.True(reader.TryReadTag(out int field, out WireType wire));
        Assert.Equal((1, WireType.Varint), (field, wire));
        Assert.Equal(150UL, reader.ReadVarint());
        Assert.False(reader.TryReadTag(out _, out _));
    }

    [Fact]
    public void VarintsRoundTripThroughTheWriter() =>
        Prop.ForAll<ulong>(value =>
        {
            var writer = new ProtobufWriter();
            writer.WriteVarint(value);
            var reader = new ProtobufReader(writer.WrittenSpan);
            return reader.ReadVarint() == value && reader.AtEnd;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void NegativeInt64TakesTenBytesAndRoundTrips() =>
        Prop.ForAll<long>(value =>
        {
            var writer = new ProtobufWriter();
            writer.WriteInt64(3, value);
            var reader = new ProtobufReader(writer.WrittenSpan);
            bool tagged = reader.TryReadTag(out int field, out WireType wire) && field == 3 && wire == WireType.Varint;
            return tagged && reader.ReadInt64() == value && (value >= 0 || writer.WrittenSpan.Length == 11);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void SkipsUnknownFieldsOfEveryWireType()
    {
        var writer = new ProtobufWriter();
        writer.WriteInt64(90, -5);
        writer.WriteTag(91, WireType.Fixed64);
        writer.WriteFixed64(ulong.MaxValue);
        writer.WriteString(92, "not for us");
        writer.WriteFloat(93, 1.5f);
        writer.WriteString(1, "kept");
        writer.WriteMessage(94, w => w.WriteInt64(1, 7));
        var reader = new ProtobufReader(writer.WrittenSpan);
        string? kept = null;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1)
            {
                kept = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }
        Assert.Equal("kept", kept);
    }

    [Fact]
    public void FixedWidthFieldsRoundTrip()
    {
        var writer = new ProtobufWriter();
        writer.WriteTag(1, WireType.Fixed64);
        writer.WriteFixed64(0x0123456789ABCDEF);
        writer.WriteFloat(2, -0.15625f);
        var reader = new ProtobufReader(writer.WrittenSpan);
        Assert.True(reader.TryReadTag(out _, out WireType first));
        Assert.Equal((WireType.Fixed64, 0x0123456789ABCDEFUL), (first, reader.ReadFixed64()));
        Assert.True(reader.TryReadTag(out _, out WireType second));
        Assert.Equal((WireType.Fixed32, -0.15625f), (second, reader.ReadFloat()));
    }

    [Fact]
    public void ReadsRepeatedIntegersPackedAndUnpacked()
    {
        var writer = new ProtobufWriter();
        writer.WritePackedInt64s(1, [1, -2, 300]);
        writer.WriteInt64(1, 4);
        var reader = new ProtobufReader(writer.WrittenSpan);
        var values = new List<long>();
        while (reader.TryReadTag(out _, out WireType wire))
        {
            reader.ReadRepeatedInt64(wire, values);
        }
        Assert.Equal([1, -2, 300, 4], values);
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0x96 }, "truncated varint at byte 1")]
    [InlineData(new byte[] { 0x0A, 0x05, 0x61 }, "claims 5 bytes but only 1 remain")]
    [InlineData(new byte[] { 0x0D, 0x00, 0x00 }, "truncated fixed32 at byte 1")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint longer than 10 bytes")]
    [InlineData(new byte[] { 0x0B }, "unsupported wire type StartGroup")]
    [InlineData(new byte[] { 0x0F }, "invalid wire type 7")]
    [InlineData(new byte[] { 0x00 }, "invalid field number 0")]
    public void MalformedInputGivesAnErrorWithTheByteOffset(byte[] bytes, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new ProtobufReader(bytes);
            while (reader.TryReadTag(out _, out WireType wire))
            {
                reader.Skip(wire);
            }
        });
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
