using System.Buffers.Binary;
using System.Text;

namespace MusicEmotion.Outputs.Osc;

/// <summary>
/// Encodes one OSC 1.0 packet, a message or a bundle of messages, into a buffer the caller owns and reuses,
/// allocating nothing. A message is its address pattern, its type tag string and its arguments, each padded
/// with zeros to a multiple of 4 bytes, numbers big-endian. Arguments are checked against the type tags as
/// they are written: 'i' int32, 'f' float32, 's' string, 'b' blob.
/// <code>
/// var packet = new OscPacketWriter(buffer);
/// packet.BeginBundle(OscTimeTag.Immediately);
/// packet.BeginMessage("/emotion/av", "ff");
/// packet.Write(arousal);
/// packet.Write(valence);
/// sender.Send(packet.Finish());
/// </code>
/// </summary>
public ref struct OscPacketWriter
{
    private static ReadOnlySpan<byte> BundleTag => "#bundle\0"u8;

    private readonly Span<byte> _buffer;
    private int _length;
    private bool _inBundle;
    private bool _hasMessage;
    // Where the current bundle element's size goes, or -1 outside a bundle.
    private int _elementSizeAt = -1;
    // The next type tag to honour, read back from the type tag string already in the buffer.
    private int _nextTagAt = -1;

    public OscPacketWriter(Span<byte> buffer) => _buffer = buffer;

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Starts a bundle; it must come first. Every message after it becomes one of its elements.</summary>
    public void BeginBundle(OscTimeTag time)
    {
        if (_length != 0)
        {
            throw new InvalidOperationException("an OSC bundle must start the packet");
        }
        BundleTag.CopyTo(Reserve(BundleTag.Length));
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(sizeof(ulong)), time.Value);
        _inBundle = true;
    }

    /// <summary>Starts a message whose arguments follow, one Write per type tag.</summary>
    /// <param name="address">An OSC address pattern: '/' then printable ASCII other than space, '#' and ','.</param>
    /// <param name="typeTags">The argument types in order, without the leading ',' (for example "ff").</param>
    public void BeginMessage(scoped ReadOnlySpan<char> address, scoped ReadOnlySpan<char> typeTags)
    {
        EndElement();
        if (_hasMessage && !_inBundle)
        {
            throw new InvalidOperationException("a packet holds one OSC message unless it is a bundle");
        }
        CheckAddress(address);
        foreach (char tag in typeTags)
        {
            if (tag is not ('i' or 'f' or 's' or 'b'))
            {
                throw new ArgumentException($"OSC type tag '{tag}' in \"{typeTags}\" is not one of i, f, s, b", nameof(typeTags));
            }
        }
        if (_inBundle)
        {
            _elementSizeAt = _length;
            Reserve(sizeof(int));
        }
        WritePaddedAscii(address, prefix: '\0');
        _nextTagAt = _length + 1;
        WritePaddedAscii(typeTags, prefix: ',');
        _hasMessage = true;
    }

    public void Write(int value) => BinaryPrimitives.WriteInt32BigEndian(Argument('i', sizeof(int)), value);

    public void Write(float value) => BinaryPrimitives.WriteSingleBigEndian(Argument('f', sizeof(float)), value);

    /// <summary>A string argument, as UTF-8 (ASCII is UTF-8; OSC 1.0 names ASCII), which may not hold NUL.</summary>
    public void Write(scoped ReadOnlySpan<char> value)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException("an OSC string cannot hold a NUL character", nameof(value));
        }
        int length = Encoding.UTF8.GetByteCount(value);
        Span<byte> padded = Argument('s', Padded(length + 1));
        Encoding.UTF8.GetBytes(value, padded);
        padded[length..].Clear();
    }

    /// <summary>A blob argument: its int32 size, then its bytes, padded.</summary>
    public void WriteBlob(scoped ReadOnlySpan<byte> value)
    {
        Span<byte> blob = Argument('b', sizeof(int) + Padded(value.Length));
        BinaryPrimitives.WriteInt32BigEndian(blob, value.Length);
        value.CopyTo(blob[sizeof(int)..]);
        blob[(sizeof(int) + value.Length)..].Clear();
    }

    /// <summary>Ends the packet and returns its bytes (a view into the caller's buffer).</summary>
    public ReadOnlySpan<byte> Finish()
    {
        EndElement();
        if (!_hasMessage && !_inBundle)
        {
            throw new InvalidOperationException("an OSC packet needs a message or a bundle");
        }
        return _buffer[.._length];
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static void CheckAddress(ReadOnlySpan<char> address)
    {
        bool valid = address.Length > 0 && address[0] == '/';
        foreach (char c in address)
        {
            valid &= c is > ' ' and < (char)0x7f and not '#' and not ',';
        }
        if (!valid)
        {
            throw new ArgumentException(
                $"OSC address \"{address}\" must start with '/' and hold printable ASCII other than space, '#' and ','",
                nameof(address));
        }
    }

    /// <summary>Checks the arguments of the current message are complete and, in a bundle, writes its size.</summary>
    private void EndElement()
    {
        if (_nextTagAt < 0)
        {
            return;
        }
        if (_buffer[_nextTagAt] != 0)
        {
            throw new InvalidOperationException($"the OSC message still needs its '{(char)_buffer[_nextTagAt]}' argument");
        }
        if (_elementSizeAt >= 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(_buffer[_elementSizeAt..], _length - _elementSizeAt - sizeof(int));
        }
        _nextTagAt = -1;
        _elementSizeAt = -1;
    }

    private Span<byte> Argument(char tag, int size)
    {
        char expected = _nextTagAt < 0 ? '\0' : (char)_buffer[_nextTagAt];
        if (expected != tag)
        {
            throw new InvalidOperationException(expected == '\0'
                ? $"the OSC message has no type tag left for a '{tag}' argument"
                : $"the OSC message expects its '{expected}' argument, not '{tag}'");
        }
        _nextTagAt++;
        return Reserve(size);
    }

    /// <summary>An OSC-string of ASCII after one prefix character (',' for type tags, or none).</summary>
    private void WritePaddedAscii(scoped ReadOnlySpan<char> text, char prefix)
    {
        int prefixLength = prefix == '\0' ? 0 : 1;
        Span<byte> padded = Reserve(Padded(prefixLength + text.Length + 1));
        padded.Clear();
        if (prefixLength == 1)
        {
            padded[0] = (byte)prefix;
        }
        Encoding.ASCII.GetBytes(text, padded[prefixLength..]);
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            throw new ArgumentException($"the OSC packet needs more than the {_buffer.Length}-byte buffer it is written into");
        }
        Span<byte> reserved = _buffer.Slice(_length, size);
        _length += size;
        return reserved;
    }
}
