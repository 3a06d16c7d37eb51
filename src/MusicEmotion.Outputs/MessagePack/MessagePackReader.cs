using System.Buffers;
using System.Text;

namespace MusicEmotion.Outputs.MessagePack;

/// <summary>
/// Reads MessagePack values from a <see cref="ReadOnlySequence{T}"/>, whatever its segments. Every typed
/// read accepts every format of its type (an integer written as uint 64 reads as an <see cref="int"/> if it
/// fits) and throws <see cref="MessagePackFormatException"/>, naming the byte offset, for anything else: a
/// different type, a value out of range, invalid UTF-8, a length beyond <see cref="MessagePackLimits"/> or
/// beyond the end of the data. A read that throws leaves the reader where it was.
/// </summary>
public ref struct MessagePackReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SequenceReader<byte> _reader;

    public MessagePackReader(ReadOnlySequence<byte> data, MessagePackLimits? limits = null)
    {
        _reader = new SequenceReader<byte>(data);
        Limits = limits ?? MessagePackLimits.Default;
    }

    public MessagePackReader(ReadOnlyMemory<byte> data, MessagePackLimits? limits = null)
        : this(new ReadOnlySequence<byte>(data), limits)
    {
    }

    public readonly MessagePackLimits Limits { get; }

    /// <summary>True once every byte has been read.</summary>
    public readonly bool End => _reader.End;

    /// <summary>Bytes read so far: the offset of the next value.</summary>
    public readonly long Consumed => _reader.Consumed;

    /// <summary>The type of the next value, without reading it.</summary>
    public readonly MessagePackType NextType => MessagePackCode.TypeOf(PeekCode("a value"));

    /// <summary>The first byte of the next value, which tells its format.</summary>
    internal readonly byte NextCode => PeekCode("a value");

    /// <summary>Reads a nil and returns true, or returns false and reads nothing.</summary>
    public bool TryReadNil()
    {
        if (PeekCode("a value") != MessagePackCode.Nil)
        {
            return false;
        }
        _reader.Advance(1);
        return true;
    }

    public void ReadNil()
    {
        if (!TryReadNil())
        {
            throw Mismatch("nil");
        }
    }

    public bool ReadBoolean()
    {
        bool value = PeekCode("a boolean") switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            _ => throw Mismatch("a boolean"),
        };
        _reader.Advance(1);
        return value;
    }

    public long ReadInt64() => (long)ReadInteger(long.MinValue, long.MaxValue, "a 64-bit signed integer");

    public ulong ReadUInt64() => (ulong)ReadInteger(ulong.MinValue, ulong.MaxValue, "a 64-bit unsigned integer");

    public int ReadInt32() => (int)ReadInteger(int.MinValue, int.MaxValue, "a 32-bit signed integer");

    /// <summary>Any integer, whatever its format: MessagePack's range, -(2^63) to 2^64-1, needs 128 bits.</summary>
    internal Int128 ReadInteger() => ReadInteger(long.MinValue, ulong.MaxValue, "an integer");

    /// <summary>The error for a value that starts with no known format (the byte 0xc1).</summary>
    internal readonly MessagePackFormatException UnexpectedValue() => Mismatch("a value");

    /// <summary>A float 64 or float 32 (widened exactly), or an integer (to the nearest double).</summary>
    public double ReadDouble()
    {
        byte code = PeekCode("a float");
        switch (code)
        {
            case MessagePackCode.Float32:
                return ReadSingle();
            case MessagePackCode.Float64:
                double value = BitConverter.UInt64BitsToDouble(PeekNumber(code, 8));
                _reader.Advance(9);
                return value;
            default:
                if (MessagePackCode.TypeOf(code) != MessagePackType.Integer)
                {
                    throw Mismatch("a float");
                }
                return (double)ReadInteger(long.MinValue, ulong.MaxValue, "a number");
        }
    }

    /// <summary>A float 32, or any other number rounded to the nearest <see cref="float"/>.</summary>
    public float ReadSingle()
    {
        byte code = PeekCode("a float");
        if (code != MessagePackCode.Float32)
        {
            return (float)ReadDouble();
        }
        float value = BitConverter.UInt32BitsToSingle((uint)PeekNumber(code, 4));
        _reader.Advance(5);
        return value;
    }

    /// <summary>A string, decoded from UTF-8 (which must be valid).</summary>
    public string ReadString()
    {
        SequenceReader<byte> before = _reader;
        ReadOnlySequence<byte> utf8 = ReadStringBytes();
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            _reader = before;
            throw new MessagePackFormatException(_reader.Consumed, $"the str of {utf8.Length} bytes is not valid UTF-8");
        }
    }

    /// <summary>A string's raw bytes, without decoding or copying (the specification's escape hatch).</summary>
    public ReadOnlySequence<byte> ReadStringBytes()
    {
        byte code = PeekCode("a string");
        return code switch
        {
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr =>
                TakeBytes(code, 1, (uint)(code & MessagePackCode.MaxFixStrLength), Limits.MaxStringBytes),
            MessagePackCode.Str8 => TakeBytes(code, 2, (uint)PeekNumber(code, 1), Limits.MaxStringBytes),
            MessagePackCode.Str16 => TakeBytes(code, 3, (uint)PeekNumber(code, 2), Limits.MaxStringBytes),
            MessagePackCode.Str32 => TakeBytes(code, 5, (uint)PeekNumber(code, 4), Limits.MaxStringBytes),
            _ => throw Mismatch("a string"),
        };
    }

    /// <summary>A bin value's bytes, without copying.</summary>
    public ReadOnlySequence<byte> ReadBinary()
    {
        byte code = PeekCode("binary data");
        return code switch
        {
            MessagePackCode.Bin8 => TakeBytes(code, 2, (uint)PeekNumber(code, 1), Limits.MaxBinaryBytes),
            MessagePackCode.Bin16 => TakeBytes(code, 3, (uint)PeekNumber(code, 2), Limits.MaxBinaryBytes),
            MessagePackCode.Bin32 => TakeBytes(code, 5, (uint)PeekNumber(code, 4), Limits.MaxBinaryBytes),
            _ => throw Mismatch("binary data"),
        };
    }

    /// <summary>An extension value's data, without copying; its application type code comes out.</summary>
    public ReadOnlySequence<byte> ReadExtension(out sbyte typeCode)
    {
        byte code = PeekCode("an extension");
        // Every ext format is: first byte, a length of 0/1/2/4 bytes (none for fixext), the type byte, data.
        (int lengthSize, uint length) = code switch
        {
            >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16 => (0, 1u << (code - MessagePackCode.FixExt1)),
            MessagePackCode.Ext8 => (1, (uint)PeekNumber(code, 1)),
            MessagePackCode.Ext16 => (2, (uint)PeekNumber(code, 2)),
            MessagePackCode.Ext32 => (4, (uint)PeekNumber(code, 4)),
            _ => throw Mismatch("an extension"),
        };
        // The type byte ends the header, so it is the low byte of the header read as one number.
        typeCode = unchecked((sbyte)PeekNumber(code, lengthSize + 1));
        return TakeBytes(code, 2 + lengthSize, length, Limits.MaxBinaryBytes);
    }

    /// <summary>Starts an array: returns how many values follow.</summary>
    public int ReadArrayHeader() =>
        ReadContainerHeader("an array", MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32,
            Limits.MaxArrayLength, valuesPerEntry: 1);

    /// <summary>Starts a map: returns how many key/value pairs follow.</summary>
    public int ReadMapHeader() =>
        ReadContainerHeader("a map", MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32,
            Limits.MaxMapLength, valuesPerEntry: 2);

    /// <summary>
    /// Steps over the next value, whatever it is, containers and extensions included, allocating nothing.
    /// Nesting deeper than <see cref="MessagePackLimits.MaxDepth"/> is an error, so recursion stays bounded.
    /// </summary>
    public void Skip() => Skip(depth: 1);

    /// <summary>Steps over a value at <paramref name="depth"/> (1 = top level), for readers of whole values.</summary>
    internal void Skip(int depth)
    {
        SequenceReader<byte> before = _reader;
        try
        {
            SkipValue(depth);
        }
        catch (MessagePackFormatException)
        {
            _reader = before;
            throw;
        }
    }

    /// <summary>Throws unless the container that comes next may sit at <paramref name="depth"/>.</summary>
    internal readonly void CheckDepth(int depth)
    {
        if (depth > Limits.MaxDepth)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"containers nest deeper than the limit of {Limits.MaxDepth}");
        }
    }

    private void SkipValue(int depth)
    {
        switch (NextType)
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                _reader.Advance(1);
                break;
            case MessagePackType.Integer:
                ReadInteger();
                break;
            case MessagePackType.Float:
                ReadDouble();
                break;
            case MessagePackType.String:
                ReadStringBytes();
                break;
            case MessagePackType.Binary:
                ReadBinary();
                break;
            case MessagePackType.Extension:
                ReadExtension(out _);
                break;
            case MessagePackType.Array:
                CheckDepth(depth);
                for (int count = ReadArrayHeader(); count > 0; count--)
                {
                    SkipValue(depth + 1);
                }
                break;
            case MessagePackType.Map:
                CheckDepth(depth);
                for (long count = 2L * ReadMapHeader(); count > 0; count--)
                {
                    SkipValue(depth + 1);
                }
                break;
            default:
                throw UnexpectedValue();
        }
    }

    private Int128 ReadInteger(Int128 min, Int128 max, string expected)
    {
        byte code = PeekCode(expected);
        (int Size, Int128 Value) read = code switch
        {
            <= MessagePackCode.MaxPositiveFixInt => (0, code),
            >= MessagePackCode.MinNegativeFixInt => (0, unchecked((sbyte)code)),
            MessagePackCode.UInt8 => (1, PeekNumber(code, 1)),
            MessagePackCode.UInt16 => (2, PeekNumber(code, 2)),
            MessagePackCode.UInt32 => (4, PeekNumber(code, 4)),
            MessagePackCode.UInt64 => (8, PeekNumber(code, 8)),
            MessagePackCode.Int8 => (1, unchecked((sbyte)PeekNumber(code, 1))),
            MessagePackCode.Int16 => (2, unchecked((short)PeekNumber(code, 2))),
            MessagePackCode.Int32 => (4, unchecked((int)PeekNumber(code, 4))),
            MessagePackCode.Int64 => (8, unchecked((long)PeekNumber(code, 8))),
            _ => throw Mismatch(expected),
        };
        if (read.Value < min || read.Value > max)
        {
            throw new MessagePackFormatException(_reader.Consumed, $"expected {expected} but {read.Value} is out of its range");
        }
        _reader.Advance(1 + read.Size);
        return read.Value;
    }

    /// <summary>
    /// The big-endian number of <paramref name="size"/> bytes that follows the first byte of the next value,
    /// read without moving (a failed read then leaves the reader where it was).
    /// </summary>
    private readonly ulong PeekNumber(byte code, int size)
    {
        Span<byte> header = stackalloc byte[1 + sizeof(ulong)];
        header = header[..(1 + size)];
        if (!_reader.TryCopyTo(header))
        {
            throw new MessagePackFormatException(
                _reader.Consumed,
                $"{MessagePackCode.NameOf(code)} needs {header.Length} bytes but the data holds {_reader.Remaining}",
                isTruncated: true);
        }
        ulong value = 0;
        foreach (byte b in header[1..])
        {
            value = (value << 8) | b;
        }
        return value;
    }

    /// <summary>Steps over a header of <paramref name="headerSize"/> bytes and returns the data after it.</summary>
    private ReadOnlySequence<byte> TakeBytes(byte code, int headerSize, uint length, int limit)
    {
        if (length > limit)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"{MessagePackCode.NameOf(code)} of {length} bytes exceeds the limit of {limit}");
        }
        long available = _reader.Remaining - headerSize;
        if (length > available)
        {
            throw new MessagePackFormatException(
                _reader.Consumed,
                $"{MessagePackCode.NameOf(code)} of {length} bytes runs past the end of the data ({available} bytes left)",
                isTruncated: true);
        }
        _reader.Advance(headerSize);
        ReadOnlySequence<byte> bytes = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return bytes;
    }

    /// <summary>
    /// Steps over a container header. Its count must be within its limit, and cannot exceed the bytes left
    /// (every value takes at least one), so a caller may size an array by it without trusting the input.
    /// </summary>
    private int ReadContainerHeader(string expected, byte fixCode, byte code16, byte code32, int limit, int valuesPerEntry)
    {
        byte code = PeekCode(expected);
        (int headerSize, uint count) = code switch
        {
            _ when (code & ~MessagePackCode.MaxFixContainerLength) == fixCode => (1, (uint)(code & MessagePackCode.MaxFixContainerLength)),
            _ when code == code16 => (3, (uint)PeekNumber(code, 2)),
            _ when code == code32 => (5, (uint)PeekNumber(code, 4)),
            _ => throw Mismatch(expected),
        };
        if (count > limit)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"{MessagePackCode.NameOf(code)} of {count} entries exceeds the limit of {limit}");
        }
        long available = _reader.Remaining - headerSize;
        if ((long)count * valuesPerEntry > available)
        {
            throw new MessagePackFormatException(
                _reader.Consumed,
                $"{MessagePackCode.NameOf(code)} of {count} entries runs past the end of the data ({available} bytes left)",
                isTruncated: true);
        }
        _reader.Advance(headerSize);
        return (int)count;
    }

    private readonly byte PeekCode(string expected)
    {
        if (!_reader.TryPeek(out byte code))
        {
            throw new MessagePackFormatException(_reader.Consumed, $"expected {expected} but the data ends", isTruncated: true);
        }
        return code;
    }

    private readonly MessagePackFormatException Mismatch(string expected)
    {
        byte code = PeekCode(expected);
        return new MessagePackFormatException(
            _reader.Consumed, $"expected {expected} but found {MessagePackCode.NameOf(code)} (0x{code:x2})");
    }
}
