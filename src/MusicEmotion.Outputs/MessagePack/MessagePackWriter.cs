using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MusicEmotion.Outputs.MessagePack;

/// <summary>
/// Writes MessagePack values straight into an <see cref="IBufferWriter{T}"/>, always in the smallest format
/// that holds the value (the specification's SHOULD). Integers, booleans, nil, floats and headers allocate
/// nothing; strings are encoded to UTF-8 directly into the output. Float precision is the caller's choice:
/// a <see cref="float"/> is written as float 32, a <see cref="double"/> as float 64, never narrowed silently.
/// A container is written as its header followed by that many values (a map: key, value, key, value...).
/// </summary>
public readonly struct MessagePackWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output ?? throw new ArgumentNullException(nameof(output));

    public void WriteNil() => WriteCode(MessagePackCode.Nil);

    public void Write(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    public void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
        }
        else if (value >= MessagePackCode.MinNegativeFixIntValue)
        {
            WriteCode(unchecked((byte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            WriteCodeAndNumber(MessagePackCode.Int8, unchecked((ulong)value), 1);
        }
        else if (value >= short.MinValue)
        {
            WriteCodeAndNumber(MessagePackCode.Int16, unchecked((ulong)value), 2);
        }
        else if (value >= int.MinValue)
        {
            WriteCodeAndNumber(MessagePackCode.Int32, unchecked((ulong)value), 4);
        }
        else
        {
            WriteCodeAndNumber(MessagePackCode.Int64, unchecked((ulong)value), 8);
        }
    }

    public void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            WriteCode((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            WriteCodeAndNumber(MessagePackCode.UInt8, value, 1);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteCodeAndNumber(MessagePackCode.UInt16, value, 2);
        }
        else if (value <= uint.MaxValue)
        {
            WriteCodeAndNumber(MessagePackCode.UInt32, value, 4);
        }
        else
        {
            WriteCodeAndNumber(MessagePackCode.UInt64, value, 8);
        }
    }

    public void Write(float value) => WriteCodeAndNumber(MessagePackCode.Float32, BitConverter.SingleToUInt32Bits(value), 4);

    public void Write(double value) => WriteCodeAndNumber(MessagePackCode.Float64, BitConverter.DoubleToUInt64Bits(value), 8);

    /// <summary>A string, or nil for null. Lone surrogates become U+FFFD, as UTF-8 cannot carry them.</summary>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
        }
        else
        {
            Write(value.AsSpan());
        }
    }

    /// <summary>A string from characters, encoded to UTF-8 in place (no intermediate array).</summary>
    public void Write(ReadOnlySpan<char> value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(byteCount);
        if (byteCount > 0)
        {
            _output.Advance(Encoding.UTF8.GetBytes(value, _output.GetSpan(byteCount)));
        }
    }

    /// <summary>A string whose UTF-8 bytes the caller already has (a constant key, a cached label).</summary>
    public void WriteUtf8String(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    public void WriteBinary(ReadOnlySpan<byte> data)
    {
        WriteLengthHeader(data.Length, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32);
        WriteRaw(data);
    }

    /// <summary>Starts an array: exactly <paramref name="count"/> values must follow.</summary>
    public void WriteArrayHeader(int count) =>
        WriteContainerHeader(count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);

    /// <summary>Starts a map: exactly <paramref name="count"/> key/value pairs must follow.</summary>
    public void WriteMapHeader(int count) =>
        WriteContainerHeader(count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);

    /// <summary>
    /// An extension value: an application type code (0..127; -128..-1 are reserved for the specification's
    /// own types such as the timestamp) and its data, in fixext when the length is 1, 2, 4, 8 or 16.
    /// </summary>
    public void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        byte fixCode = data.Length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            WriteCode(fixCode);
        }
        else
        {
            WriteLengthHeader(data.Length, MessagePackCode.Ext8, MessagePackCode.Ext16, MessagePackCode.Ext32);
        }
        WriteCode(unchecked((byte)typeCode));
        WriteRaw(data);
    }

    private void WriteStringHeader(int byteCount)
    {
        if (byteCount <= MessagePackCode.MaxFixStrLength)
        {
            WriteCode((byte)(MessagePackCode.MinFixStr | byteCount));
        }
        else
        {
            WriteLengthHeader(byteCount, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32);
        }
    }

    private void WriteLengthHeader(int length, byte code8, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= byte.MaxValue)
        {
            WriteCodeAndNumber(code8, (ulong)length, 1);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndNumber(code16, (ulong)length, 2);
        }
        else
        {
            WriteCodeAndNumber(code32, (ulong)length, 4);
        }
    }

    private void WriteContainerHeader(int count, byte fixCode, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= MessagePackCode.MaxFixContainerLength)
        {
            WriteCode((byte)(fixCode | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndNumber(code16, (ulong)count, 2);
        }
        else
        {
            WriteCodeAndNumber(code32, (ulong)count, 4);
        }
    }

    private void WriteCode(byte code)
    {
        _output.GetSpan(1)[0] = code;
        _output.Advance(1);
    }

    /// <summary>A format's first byte followed by a big-endian number of <paramref name="size"/> bytes.</summary>
    private void WriteCodeAndNumber(byte code, ulong value, int size)
    {
        Span<byte> span = _output.GetSpan(1 + size);
        span[0] = code;
        switch (size)
        {
            case 1:
                span[1] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
                break;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
                break;
        }
        _output.Advance(1 + size);
    }

    private void WriteRaw(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        data.CopyTo(_output.GetSpan(data.Length));
        _output.Advance(data.Length);
    }
}
