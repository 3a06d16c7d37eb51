using System.Buffers.Binary;
using System.Text;

namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// Reads a RIFF/WAVE (or RF64/BW64) header from a stream up to the first sample: walks the chunks in whatever order
/// the writer put them, skips the ones audio does not need (LIST, fact, cue, JUNK, bext...) with their odd-size pad
/// byte, and leaves the stream at the start of the audio. Nothing past the header is read, so any file size streams.
/// </summary>
/// <remarks>
/// A <c>data</c> chunk before <c>fmt </c> is legal; it is skipped and returned to when the stream can seek.
/// Every problem is an <see cref="AudioInputException"/> naming the file and what was expected there.
/// </remarks>
public static class WavHeaderParser
{
    private const int RiffHeaderSize = 12;
    private const int ChunkHeaderSize = 8;
    private const int MinimumFormatSize = 16;
    private const int ExtensibleFormatSize = 40;
    private const uint OpenSize = 0xFFFFFFFF;

    /// <summary>Bytes 4..16 of every standard KSDATAFORMAT_SUBTYPE GUID (the first 4 are the format tag).</summary>
    private static readonly byte[] StandardSubFormatTail =
        [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>True when <paramref name="start"/> (the first 4 bytes of a file) opens a header this parser reads.</summary>
    public static bool IsWavSignature(ReadOnlySpan<byte> start) =>
        start.StartsWith("RIFF"u8) || start.StartsWith("RF64"u8) || start.StartsWith("BW64"u8);

    /// <summary>Parses the header at the stream's current position, which must be the start of the file.</summary>
    public static WavHeader Parse(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new HeaderReader(stream, name);
        Span<byte> riff = stackalloc byte[RiffHeaderSize];
        int got = reader.Read(riff);
        if (got == 0)
        {
            throw reader.Fail("the file is empty (0 bytes); expected a WAV file starting with 'RIFF'");
        }
        ReadOnlySpan<byte> magic = riff[..Math.Min(got, 4)];
        if (got < 4 || !IsWavSignature(magic))
        {
            throw reader.Fail($"not a WAV file: it starts with {Printable(magic)}; expected 'RIFF', 'RF64' or 'BW64'");
        }
        if (got < RiffHeaderSize)
        {
            throw reader.Fail($"truncated header: the file ends after {got} bytes, inside the 12-byte RIFF header");
        }
        if (!riff[8..12].SequenceEqual("WAVE"u8))
        {
            throw reader.Fail($"RIFF file of type {Printable(riff[8..12])} is not WAVE audio");
        }
        bool isRf64 = !riff.StartsWith("RIFF"u8);
        return ReadChunks(ref reader, isRf64);
    }

    private static WavHeader ReadChunks(ref HeaderReader reader, bool isRf64)
    {
        FormatChunk? format = null;
        long? rf64DataLength = null;
        (long Offset, long? Length)? data = null;
        Span<byte> chunkHeader = stackalloc byte[ChunkHeaderSize];
        while (true)
        {
            long chunkStart = reader.Position;
            int got = reader.Read(chunkHeader);
            if (got == 0)
            {
                string missing = format is null ? "'fmt '" : "'data'";
                throw reader.Fail($"no {missing} chunk in the file ({chunkStart} bytes); expected a WAVE header with 'fmt ' and 'data'");
            }
            if (got < ChunkHeaderSize)
            {
                throw reader.Fail($"truncated header: the file ends at byte {chunkStart + got}, inside a chunk header");
            }
            // The id is compared as bytes and quoted only in an error: a file of many small chunks walks here once
            // per chunk, and the walk allocates nothing, whatever the file's length.
            ReadOnlySpan<byte> id = chunkHeader[..4];
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            if (isRf64 && id.SequenceEqual("ds64"u8))
            {
                rf64DataLength = ReadDs64(ref reader, size);
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                format = ReadFormat(ref reader, size);
                if (data is { } early)
                {
                    reader.SeekTo(early.Offset);
                    return Build(format.Value, early.Offset, early.Length, isRf64);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                long? length = DataLength(size, isRf64, rf64DataLength);
                if (format is { } known)
                {
                    return Build(known, reader.Position, length, isRf64);
                }
                if (length is null || !reader.CanSeek)
                {
                    string why = length is null ? "has no stated length" : "the stream cannot seek back to it";
                    throw reader.Fail($"the 'data' chunk comes before 'fmt ' and {why}, so the format cannot be found");
                }
                data = (reader.Position, length);
                reader.Skip(length.Value + (length.Value & 1), "skip the 'data' chunk that came before 'fmt '");
            }
            else
            {
                reader.SkipChunk(size + (size & 1), id);
            }
        }
    }

    private static long? DataLength(uint size, bool isRf64, long? rf64DataLength)
    {
        if (isRf64 && size == OpenSize && rf64DataLength is > 0)
        {
            return rf64DataLength;
        }
        // Writers that stream (to a pipe, or while recording) cannot go back to patch the size, and leave 0 or
        // 0xFFFFFFFF; the audio then runs to the end of the file.
        return size is 0 or OpenSize ? null : size;
    }

    private static long ReadDs64(ref HeaderReader reader, uint size)
    {
        // ds64: RIFF size, data size, sample count (64-bit each), then a table this decoder does not need.
        const int Needed = 16;
        if (size < Needed)
        {
            throw reader.Fail($"'ds64' chunk of {size} bytes is too short; expected at least {Needed}");
        }
        Span<byte> body = stackalloc byte[Needed];
        reader.ReadChunkBody(body, "ds64");
        reader.Skip(size - Needed + (size & 1), "skip the rest of the 'ds64' chunk");
        return BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
    }

    private static FormatChunk ReadFormat(ref HeaderReader reader, uint size)
    {
        if (size < MinimumFormatSize)
        {
            throw reader.Fail($"'fmt ' chunk of {size} bytes is too short; expected at least {MinimumFormatSize}");
        }
        int kept = (int)Math.Min(size, ExtensibleFormatSize);
        Span<byte> body = stackalloc byte[ExtensibleFormatSize];
        body = body[..kept];
        reader.ReadChunkBody(body, "fmt ");
        reader.Skip(size - kept + (size & 1), "skip the rest of the 'fmt ' chunk");

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        ushort blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (channels == 0)
        {
            throw reader.Fail("the 'fmt ' chunk declares 0 channels; expected at least 1");
        }
        if (sampleRate is 0 or > AudioFormat.MaxSampleRate)
        {
            throw reader.Fail($"the 'fmt ' chunk declares a sample rate of {sampleRate} Hz; expected 1 to {AudioFormat.MaxSampleRate} Hz");
        }
        if (blockAlign == 0)
        {
            throw reader.Fail("the 'fmt ' chunk declares a block align of 0 bytes; expected the bytes of one sample frame");
        }
        var chunk = new FormatChunk(tag, null, channels, (int)sampleRate, blockAlign, bits, bits);
        if (tag != WavFormatTag.Extensible)
        {
            return chunk;
        }
        if (kept < ExtensibleFormatSize)
        {
            throw reader.Fail($"extensible 'fmt ' chunk of {size} bytes is too short; expected {ExtensibleFormatSize}");
        }
        ushort validBits = BinaryPrimitives.ReadUInt16LittleEndian(body[18..]);
        ReadOnlySpan<byte> subFormat = body[24..40];
        bool standard = subFormat[4..].SequenceEqual(StandardSubFormatTail);
        return chunk with
        {
            Tag = standard ? BinaryPrimitives.ReadUInt16LittleEndian(subFormat) : WavFormatTag.Extensible,
            SubFormat = new Guid(subFormat),
            ValidBits = validBits == 0 ? bits : validBits,
        };
    }

    private static WavHeader Build(FormatChunk format, long dataOffset, long? dataLength, bool isRf64) => new()
    {
        FormatTag = format.Tag,
        SubFormat = format.SubFormat,
        Channels = format.Channels,
        SampleRate = format.SampleRate,
        BlockAlign = format.BlockAlign,
        BitsPerSample = format.Bits,
        ValidBitsPerSample = format.ValidBits,
        DataOffset = dataOffset,
        DataLength = dataLength,
        IsRf64 = isRf64,
    };

    /// <summary>'ABCD' when the bytes are printable ASCII, else their hex, so a message can show what was found.</summary>
    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return "bytes " + Convert.ToHexString(bytes);
            }
        }
        return $"'{Encoding.ASCII.GetString(bytes)}'";
    }

    private readonly record struct FormatChunk(
        ushort Tag, Guid? SubFormat, int Channels, int SampleRate, int BlockAlign, int Bits, int ValidBits);

    /// <summary>Reads the header while counting bytes, so it works on pipes as well as files.</summary>
    private struct HeaderReader(Stream stream, string name)
    {
        public long Position { get; private set; }

        public readonly bool CanSeek => stream.CanSeek;

        public int Read(Span<byte> buffer)
        {
            int total = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            Position += total;
            return total;
        }

        public void ReadChunkBody(Span<byte> body, string chunk)
        {
            if (Read(body) < body.Length)
            {
                throw Fail($"truncated header: the file ends at byte {Position}, inside the '{chunk}' chunk");
            }
        }

        public void Skip(long count, string why)
        {
            if (TrySkip(count) is { } shortfall)
            {
                throw Fail($"{shortfall} (while trying to {why})");
            }
        }

        /// <summary>Skips a chunk the header does not need, quoting its <paramref name="id"/> if the file ends inside it.</summary>
        public void SkipChunk(long count, ReadOnlySpan<byte> id)
        {
            if (TrySkip(count) is { } shortfall)
            {
                throw Fail($"{shortfall} (while trying to skip the {Printable(id)} chunk)");
            }
        }

        /// <summary>
        /// Skips <paramref name="count"/> bytes: null when done, else where the file ended. The caller says what it
        /// was skipping, so that text is only made for a file that falls short.
        /// </summary>
        private string? TrySkip(long count)
        {
            if (stream.CanSeek)
            {
                long left = stream.Length - stream.Position;
                if (count > left)
                {
                    return $"truncated header: the file ends at byte {Position + left}, {count - left} bytes short of the chunk the header announced";
                }
                stream.Seek(count, SeekOrigin.Current);
                Position += count;
                return null;
            }
            Span<byte> scratch = stackalloc byte[4096];
            while (count > 0)
            {
                int got = Read(scratch[..(int)Math.Min(count, scratch.Length)]);
                if (got == 0)
                {
                    return $"truncated header: the stream ends at byte {Position}";
                }
                count -= got;
            }
            return null;
        }

        /// <summary>Moves to <paramref name="offset"/> bytes from the start of the header (the stream can seek).</summary>
        public void SeekTo(long offset)
        {
            stream.Seek(offset - Position, SeekOrigin.Current);
            Position = offset;
        }

        public readonly AudioInputException Fail(string problem) => new(name, problem);
    }
}
