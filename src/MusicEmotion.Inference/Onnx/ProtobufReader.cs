using System.Buffers.Binary;
using System.Text;

namespace MusicEmotion.Inference.Onnx;

/// <summary>
/// Reads the protobuf wire format from a span of bytes: tags, varints, fixed 32/64-bit values and
/// length-delimited fields. Every read is bounds-checked, so a truncated or corrupt buffer gives an
/// <see cref="InvalidDataException"/> that says what was wrong and at which byte, never an overrun.
/// </summary>
public ref struct ProtobufReader
{
    // A varint carries 7 bits a byte, so 64 bits need at most 10 bytes.
    private const int MaxVarintBytes = 10;

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _origin;
    private int _position;

    /// <param name="data">The message's bytes.</param>
    /// <param name="origin">Where <paramref name="data"/> starts in the whole buffer, so errors give absolute offsets.</param>
    public ProtobufReader(ReadOnlySpan<byte> data, long origin = 0)
    {
        _data = data;
        _origin = origin;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Absolute offset of the next byte to read.</summary>
    public readonly long Offset => _origin + _position;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        if (AtEnd)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }
        long at = Offset;
        ulong tag = ReadVarint();
        ulong field = tag >> 3;
        if (field is 0 or > int.MaxValue >> 3)
        {
            throw new InvalidDataException($"invalid field number {field} at byte {at}");
        }
        fieldNumber = (int)field;
        wireType = (WireType)(tag & 7);
        if (wireType is > WireType.Fixed32)
        {
            throw new InvalidDataException($"invalid wire type {(int)wireType} for field {fieldNumber} at byte {at}");
        }
        return true;
    }

    public ulong ReadVarint()
    {
        long at = Offset;
        ulong value = 0;
        for (int i = 0; i < MaxVarintBytes; i++)
        {
            if (AtEnd)
            {
                throw new InvalidDataException($"truncated varint at byte {at}");
            }
            byte b = _data[_position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException($"varint longer than {MaxVarintBytes} bytes at byte {at}");
    }

    /// <summary>An int64 or int32 field: two's complement in a varint (negative numbers take 10 bytes).</summary>
    public long ReadInt64() => (long)ReadVarint();

    public int ReadInt32()
    {
        long at = Offset;
        long value = ReadInt64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new InvalidDataException($"int32 field out of range ({value}) at byte {at}");
        }
        return (int)value;
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "fixed32"));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "fixed64"));

    public float ReadFloat() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    /// <summary>The payload of a length-delimited field.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        long at = Offset;
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new InvalidDataException(
                $"truncated: a field at byte {at} claims {length} bytes but only {_data.Length - _position} remain");
        }
        return Take((int)length, "bytes");
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>A reader over an embedded message.</summary>
    public ProtobufReader ReadMessage()
    {
        ReadOnlySpan<byte> payload = ReadBytes();
        return new ProtobufReader(payload, Offset - payload.Length);
    }

    /// <summary>Steps over a field this reader's caller does not know.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8, "fixed64");
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                Take(4, "fixed32");
                break;
            default:
                // Groups are deprecated and never appear in ONNX files; skipping them would need a nesting parser.
                throw new InvalidDataException($"unsupported wire type {wireType} at byte {Offset}");
        }
    }

    /// <summary>
    /// One or many varint-encoded integers of a repeated field: writers may pack them into one
    /// length-delimited field or write each as its own field, and readers must accept both.
    /// </summary>
    public void ReadRepeatedInt64(WireType wireType, List<long> into)
    {
        if (wireType == WireType.LengthDelimited)
        {
            ProtobufReader packed = ReadMessage();
            while (!packed.AtEnd)
            {
                into.Add(packed.ReadInt64());
            }
            return;
        }
        Expect(wireType, WireType.Varint);
        into.Add(ReadInt64());
    }

    /// <summary>One or many floats of a repeated field, packed or not (see <see cref="ReadRepeatedInt64"/>).</summary>
    public void ReadRepeatedFloat(WireType wireType, List<float> into)
    {
        if (wireType == WireType.LengthDelimited)
        {
            ReadOnlySpan<byte> packed = ReadBytes();
            if (packed.Length % 4 != 0)
            {
                throw new InvalidDataException($"packed floats of {packed.Length} bytes (not a multiple of 4) before byte {Offset}");
            }
            for (int i = 0; i < packed.Length; i += 4)
            {
                into.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
            }
            return;
        }
        Expect(wireType, WireType.Fixed32);
        into.Add(ReadFloat());
    }

    /// <summary>Checks that a known field arrived with the wire type its schema gives it.</summary>
    public readonly void Expect(WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"wire type {actual} where {expected} was expected, before byte {Offset}");
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position)
        {
            throw new InvalidDataException(
                $"truncated {what} at byte {Offset}: needs {count} bytes, {_data.Length - _position} remain");
        }
        ReadOnlySpan<byte> slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
