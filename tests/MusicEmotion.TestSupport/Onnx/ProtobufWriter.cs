using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.TestSupport.Onnx;

/// <summary>
/// Writes the protobuf wire format: the inverse of <see cref="ProtobufReader"/>, for the few files this
/// project writes itself (generated test and benchmark models).
/// </summary>
public sealed class ProtobufWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteTag(int fieldNumber, WireType wireType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fieldNumber, 1);
        WriteVarint(((ulong)fieldNumber << 3) | (ulong)wireType);
    }

    public void WriteVarint(ulong value)
    {
        Span<byte> bytes = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        _buffer.Advance(n);
    }

    /// <summary>An int64 (or int32) field; negative values take ten bytes, as the format requires.</summary>
    public void WriteInt64(int fieldNumber, long value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteVarint((ulong)value);
    }

    public void WriteFloat(int fieldNumber, float value)
    {
        WriteTag(fieldNumber, WireType.Fixed32);
        WriteFixed32(BitConverter.SingleToUInt32Bits(value));
    }

    public void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBytes(int fieldNumber, ReadOnlySpan<byte> value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteString(int fieldNumber, string value) => WriteBytes(fieldNumber, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message, written by <paramref name="writeBody"/>.</summary>
    public void WriteMessage(int fieldNumber, Action<ProtobufWriter> writeBody)
    {
        ArgumentNullException.ThrowIfNull(writeBody);
        var body = new ProtobufWriter();
        writeBody(body);
        WriteBytes(fieldNumber, body.WrittenSpan);
    }

    /// <summary>A repeated int64 field in packed form: one length-delimited run of varints.</summary>
    public void WritePackedInt64s(int fieldNumber, ReadOnlySpan<long> values)
    {
        var body = new ProtobufWriter();
        foreach (long value in values)
        {
            body.WriteVarint((ulong)value);
        }
        WriteBytes(fieldNumber, body.WrittenSpan);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
