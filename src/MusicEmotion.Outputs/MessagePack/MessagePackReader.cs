using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MessagePackSerializationException = MessagePack.MessagePackSerializationException;
using PackageCode = MessagePack.MessagePackCode;
using PackageHeader = MessagePack.ExtensionHeader;
using PackageReader = MessagePack.MessagePackReader;
using PackageType = MessagePack.MessagePackType;

namespace MusicEmotion.Outputs.MessagePack;

/// <summary>
/// Reads MessagePack values from a <see cref="ReadOnlySequence{T}"/>, whatever its segments: the MessagePack
/// package's <see cref="PackageReader"/> decodes, and this thin guard adds what that reader lacks for untrusted
/// input (a recording from disk, a message from the network). Every length and count is checked against
/// <see cref="MessagePackLimits"/> and against the bytes left before anything is sliced or allocated, nesting is
/// bounded, strings must be valid UTF-8, and an integer must fit the type asked for (any format of it does: a
/// uint 64 reads as an <see cref="int"/> if it fits). Anything else throws <see cref="MessagePackFormatException"/>
/// naming the byte offset; the package's own exceptions never get out. A read that throws leaves the reader where
/// it was.
/// </summary>
public ref struct MessagePackReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Package reads are made on a copy (Peek) and kept only once they and the guard's checks succeed.
    private PackageReader _reader;

    public MessagePackReader(ReadOnlySequence<byte> data, MessagePackLimits? limits = null)
    {
        _reader = new PackageReader(data);
        Limits = limits ?? MessagePackLimits.Default;
    }

    public MessagePackReader(ReadOnlyMemory<byte> data, MessagePackLimits? limits = null)
        : this(new ReadOnlySequence<byte>(data), limits)
    {
    }

    private delegate T PackageRead<T>(ref PackageReader reader);

    public readonly MessagePackLimits Limits { get; }

    /// <summary>True once every byte has been read.</summary>
    public bool End => _reader.End;

    /// <summary>Bytes read so far: the offset of the next value.</summary>
    public long Consumed => _reader.Consumed;

    /// <summary>The type of the next value, without reading it.</summary>
    public MessagePackType NextType => TypeOf(PeekCode("a value"));

    /// <summary>The first byte of the next value, which tells its format.</summary>
    internal byte NextCode => PeekCode("a value");

    private long Remaining => _reader.Sequence.Length - _reader.Consumed;

    /// <summary>Reads a nil and returns true, or returns false and reads nothing.</summary>
    public bool TryReadNil() => PeekCode("a value") == PackageCode.Nil && _reader.TryReadNil();

    public void ReadNil()
    {
        if (!TryReadNil())
        {
            throw Mismatch("nil");
        }
    }

    public bool ReadBoolean()
    {
        // One byte, already seen: the package's read cannot fail.
        Expect(MessagePackType.Boolean, "a boolean");
        return _reader.ReadBoolean();
    }

    public long ReadInt64() => (long)ReadInteger(long.MinValue, long.MaxValue, "a 64-bit signed integer");

    public ulong ReadUInt64() => (ulong)ReadInteger(ulong.MinValue, ulong.MaxValue, "a 64-bit unsigned integer");

    public int ReadInt32() => (int)ReadInteger(int.MinValue, int.MaxValue, "a 32-bit signed integer");

    /// <summary>Any integer, whatever its format: MessagePack's range, -(2^63) to 2^64-1, needs 128 bits.</summary>
    internal Int128 ReadInteger() => ReadInteger(long.MinValue, ulong.MaxValue, "an integer");

    /// <summary>The error for a value that starts with no known format (the byte 0xc1).</summary>
    internal MessagePackFormatException UnexpectedValue() => Mismatch("a value");

    /// <summary>A float 64 or float 32 (widened exactly), or an integer (to the nearest double).</summary>
    public double ReadDouble()
    {
        byte code = PeekCode("a float");
        switch (TypeOf(code))
        {
            case MessagePackType.Float:
                return Take(code, static (ref PackageReader r) => r.ReadDouble());
            case MessagePackType.Integer:
                return (double)ReadInteger(long.MinValue, ulong.MaxValue, "a number");
            default:
                throw Mismatch("a float");
        }
    }

    /// <summary>A float 32, or any other number rounded to the nearest <see cref="float"/>.</summary>
    public float ReadSingle()
    {
        byte code = PeekCode("a float");
        if (code != PackageCode.Float32)
        {
            return (float)ReadDouble();
        }
        return Take(code, static (ref PackageReader r) => r.ReadSingle());
    }

    /// <summary>A string, decoded from UTF-8 (which must be valid).</summary>
    public string ReadString()
    {
        long start = _reader.Consumed;
        PackageReader before = _reader;
        ReadOnlySequence<byte> utf8 = ReadStringBytes();
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            _reader = before;
            throw new MessagePackFormatException(start, $"the str of {utf8.Length} bytes is not valid UTF-8");
        }
    }

    /// <summary>A string's raw bytes, without decoding or copying (the specification's escape hatch).</summary>
    public ReadOnlySequence<byte> ReadStringBytes()
    {
        byte code = Expect(MessagePackType.String, "a string");
        CheckLength(code, DeclaredLength(code, out int headerSize), headerSize, Limits.MaxStringBytes);
        // Cannot fail: a string, its header and its data are all there (checked above).
        return _reader.ReadStringSequence()!.Value;
    }

    /// <summary>A bin value's bytes, without copying.</summary>
    public ReadOnlySequence<byte> ReadBinary()
    {
        byte code = Expect(MessagePackType.Binary, "binary data");
        CheckLength(code, DeclaredLength(code, out int headerSize), headerSize, Limits.MaxBinaryBytes);
        // Cannot fail: a bin, its header and its data are all there (checked above).
        return _reader.ReadBytes()!.Value;
    }

    /// <summary>An extension value's data, without copying; its application type code comes out.</summary>
    public ReadOnlySequence<byte> ReadExtension(out sbyte typeCode)
    {
        byte code = Expect(MessagePackType.Extension, "an extension");
        // The package's header read alone does not trust the length: the guard checks it before taking the data.
        PackageHeader header = Peek(code, static (ref PackageReader r) =>
            r.TryReadExtensionFormatHeader(out PackageHeader read) ? read : throw new EndOfStreamException(), out PackageReader after);
        CheckLength(code, header.Length, (int)(after.Consumed - _reader.Consumed), Limits.MaxBinaryBytes);
        ReadOnlySequence<byte> data = after.ReadRaw(header.Length);
        _reader = after;
        typeCode = header.TypeCode;
        return data;
    }

    /// <summary>Starts an array: returns how many values follow.</summary>
    public int ReadArrayHeader()
    {
        byte code = Expect(MessagePackType.Array, "an array");
        // The package gives an array 32's count as a signed int: read back as unsigned, a corrupt count stays huge.
        uint count = Peek(code, static (ref PackageReader r) =>
            r.TryReadArrayHeader(out int read) ? unchecked((uint)read) : throw new EndOfStreamException(), out PackageReader after);
        return TakeContainerHeader(code, count, Limits.MaxArrayLength, valuesPerEntry: 1, after);
    }

    /// <summary>Starts a map: returns how many key/value pairs follow.</summary>
    public int ReadMapHeader()
    {
        byte code = Expect(MessagePackType.Map, "a map");
        uint count = Peek(code, static (ref PackageReader r) =>
            r.TryReadMapHeader(out int read) ? unchecked((uint)read) : throw new EndOfStreamException(), out PackageReader after);
        return TakeContainerHeader(code, count, Limits.MaxMapLength, valuesPerEntry: 2, after);
    }

    /// <summary>
    /// Steps over the next value, whatever it is, containers and extensions included, allocating nothing.
    /// Nesting deeper than <see cref="MessagePackLimits.MaxDepth"/> is an error, so recursion stays bounded
    /// (which is why this is not the package's Skip: that one follows any depth and any length).
    /// </summary>
    public void Skip() => Skip(depth: 1);

    /// <summary>Steps over a value at <paramref name="depth"/> (1 = top level), for readers of whole values.</summary>
    internal void Skip(int depth)
    {
        PackageReader before = _reader;
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
    internal void CheckDepth(int depth)
    {
        if (depth > Limits.MaxDepth)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"containers nest deeper than the limit of {Limits.MaxDepth}");
        }
    }

    private static MessagePackType TypeOf(byte code) => PackageCode.ToMessagePackType(code) switch
    {
        PackageType.Integer => MessagePackType.Integer,
        PackageType.Nil => MessagePackType.Nil,
        PackageType.Boolean => MessagePackType.Boolean,
        PackageType.Float => MessagePackType.Float,
        PackageType.String => MessagePackType.String,
        PackageType.Binary => MessagePackType.Binary,
        PackageType.Array => MessagePackType.Array,
        PackageType.Map => MessagePackType.Map,
        PackageType.Extension => MessagePackType.Extension,
        _ => MessagePackType.Invalid,
    };

    /// <summary>The specification's name of the format a first byte starts, for error messages.</summary>
    private static string NameOf(byte code) =>
        code == PackageCode.NeverUsed ? "the never-used byte 0xc1" : PackageCode.ToFormatName(code);

    private void SkipValue(int depth)
    {
        byte code = PeekCode("a value");
        switch (TypeOf(code))
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
            case MessagePackType.Integer:
            case MessagePackType.Float:
                // Fixed sizes, no length to trust: the package's skip only has to find the bytes there.
                Take(code, static (ref PackageReader r) =>
                {
                    r.Skip();
                    return true;
                });
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
        byte code = Expect(MessagePackType.Integer, expected);
        // Only uint 64 holds values beyond long; the package's ReadInt64 reads every other format.
        PackageReader after;
        Int128 value = code == PackageCode.UInt64
            ? Peek(code, static (ref PackageReader r) => r.ReadUInt64(), out after)
            : Peek(code, static (ref PackageReader r) => r.ReadInt64(), out after);
        if (value < min || value > max)
        {
            throw new MessagePackFormatException(_reader.Consumed, $"expected {expected} but {value} is out of its range");
        }
        _reader = after;
        return value;
    }

    /// <summary>
    /// Runs a package read on a copy of the reader and returns its value and the copy, so the caller moves only
    /// after its own checks. The package's exceptions become ours here and in <see cref="Take"/>, the boundary:
    /// running out of data is a truncation, anything else a format error at the value's offset.
    /// </summary>
    private T Peek<T>(byte code, PackageRead<T> read, out PackageReader after)
    {
        after = _reader;
        try
        {
            return read(ref after);
        }
        catch (Exception error) when (IsPackageError(error))
        {
            throw Translate(code, error);
        }
    }

    /// <summary>Runs a package read that needs no further check in place, putting the reader back if it fails.</summary>
    private T Take<T>(byte code, PackageRead<T> read)
    {
        PackageReader before = _reader;
        try
        {
            return read(ref _reader);
        }
        catch (Exception error) when (IsPackageError(error))
        {
            _reader = before;
            throw Translate(code, error);
        }
    }

    private static bool IsPackageError(Exception error) =>
        error is EndOfStreamException or MessagePackSerializationException or OverflowException or ArgumentOutOfRangeException;

    private MessagePackFormatException Translate(byte code, Exception error) => error is EndOfStreamException
        ? new MessagePackFormatException(
            _reader.Consumed, $"{NameOf(code)} runs past the end of the data ({Remaining} bytes left)", isTruncated: true)
        : new MessagePackFormatException(_reader.Consumed, $"{NameOf(code)} (0x{code:x2}) cannot be read: {error.Message}");

    /// <summary>
    /// The length a str or bin header declares. The package reads that length only together with the data,
    /// taking it on trust, so the guard reads the 0, 1, 2 or 4 big-endian bytes after the first byte itself, to
    /// check the length before anything is sliced.
    /// </summary>
    private uint DeclaredLength(byte code, out int headerSize)
    {
        if (code is >= PackageCode.MinFixStr and <= PackageCode.MaxFixStr)
        {
            headerSize = 1;
            return (uint)(code & 0x1f);
        }
        int lengthSize = code switch
        {
            PackageCode.Str8 or PackageCode.Bin8 => 1,
            PackageCode.Str16 or PackageCode.Bin16 => 2,
            _ => 4,
        };
        headerSize = 1 + lengthSize;
        ReadOnlySequence<byte> rest = _reader.Sequence.Slice(_reader.Position);
        if (rest.Length < headerSize)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"{NameOf(code)} needs {headerSize} bytes but the data holds {rest.Length}", isTruncated: true);
        }
        Span<byte> header = stackalloc byte[headerSize];
        rest.Slice(0, headerSize).CopyTo(header);
        return lengthSize switch
        {
            1 => header[1],
            2 => BinaryPrimitives.ReadUInt16BigEndian(header[1..]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(header[1..]),
        };
    }

    /// <summary>Throws unless <paramref name="length"/> bytes after a header are within the limit and there.</summary>
    private void CheckLength(byte code, uint length, int headerSize, int limit)
    {
        if (length > limit)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"{NameOf(code)} of {length} bytes exceeds the limit of {limit}");
        }
        long available = Remaining - headerSize;
        if (length > available)
        {
            throw new MessagePackFormatException(
                _reader.Consumed,
                $"{NameOf(code)} of {length} bytes runs past the end of the data ({available} bytes left)",
                isTruncated: true);
        }
    }

    /// <summary>
    /// Moves past a container header read into <paramref name="after"/>. Its count must be within its limit, and
    /// cannot exceed the bytes left (every value takes at least one), so a caller may size an array by it without
    /// trusting the input.
    /// </summary>
    private int TakeContainerHeader(byte code, uint count, int limit, int valuesPerEntry, PackageReader after)
    {
        if (count > limit)
        {
            throw new MessagePackFormatException(
                _reader.Consumed, $"{NameOf(code)} of {count} entries exceeds the limit of {limit}");
        }
        long available = after.Sequence.Length - after.Consumed;
        if ((long)count * valuesPerEntry > available)
        {
            throw new MessagePackFormatException(
                _reader.Consumed,
                $"{NameOf(code)} of {count} entries runs past the end of the data ({available} bytes left)",
                isTruncated: true);
        }
        _reader = after;
        return (int)count;
    }

    /// <summary>Throws unless the next value is of <paramref name="type"/>; returns its first byte.</summary>
    private byte Expect(MessagePackType type, string expected)
    {
        byte code = PeekCode(expected);
        return TypeOf(code) == type ? code : throw Mismatch(expected);
    }

    private byte PeekCode(string expected)
    {
        if (_reader.End)
        {
            throw new MessagePackFormatException(_reader.Consumed, $"expected {expected} but the data ends", isTruncated: true);
        }
        return _reader.NextCode;
    }

    private MessagePackFormatException Mismatch(string expected)
    {
        byte code = PeekCode(expected);
        return new MessagePackFormatException(
            _reader.Consumed, $"expected {expected} but found {NameOf(code)} (0x{code:x2})");
    }
}
