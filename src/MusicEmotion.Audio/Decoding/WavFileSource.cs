namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// Decodes a WAV file (RIFF or RF64; integer PCM 8/16/24/32-bit or IEEE float 32/64, plain or extensible; any
/// channel count and rate) in managed code, streaming: it holds one 64 KiB buffer, never the file, so a three-hour
/// recording or a never-ending pipe decodes in constant memory.
/// </summary>
/// <remarks>
/// <para>Integer samples are scaled by 2^-(bits-1) (see <see cref="WavSampleConverter"/>).</para>
/// <para>NaN and infinite float samples are replaced by 0.0 and counted in <see cref="NonFiniteSamplesReplaced"/>:
/// one NaN would poison every later feature, while a count lets the caller warn and go on.</para>
/// <para>A file shorter than its header promises (a copy cut short) yields every whole sample frame that is there;
/// the read after the last of them throws an <see cref="AudioInputException"/> saying how many bytes the header
/// promised and how many there were. Bytes of an incomplete last frame are not audio and are dropped.</para>
/// </remarks>
public sealed class WavFileSource : IAudioSource
{
    /// <summary>Large enough that per-call overhead vanishes next to the conversion, small enough to stay in cache.</summary>
    private const int BufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly WavSampleEncoding _encoding;
    private readonly int _bytesPerSample;
    private readonly byte[] _buffer;
    private long _dataBytesRead;
    private bool _ended;
    private string? _truncation;
    private bool _disposed;

    /// <summary>Decodes <paramref name="stream"/> (positioned at the start of the file); <paramref name="name"/> is used in errors.</summary>
    public WavFileSource(Stream stream, string name, bool leaveOpen = false)
        : this(stream, name, WavHeaderParser.Parse(stream, name), leaveOpen)
    {
    }

    /// <summary>Decodes the audio of a header already parsed from <paramref name="stream"/>, which sits at its first sample.</summary>
    public WavFileSource(Stream stream, string name, WavHeader header, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        if (!header.TryGetEncoding(out _encoding, out string problem))
        {
            throw new AudioInputException(name, problem);
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name;
        Header = header;
        Format = new AudioFormat(header.SampleRate, header.Channels);
        _bytesPerSample = WavSampleConverter.BytesPerSample(_encoding);
        _buffer = new byte[Math.Max(BufferBytes / header.BlockAlign, 1) * header.BlockAlign];
        LengthInFrames = header.LengthInFrames
            ?? (stream.CanSeek ? (stream.Length - stream.Position) / header.BlockAlign : null);
    }

    /// <summary>Opens and decodes the WAV file at <paramref name="path"/>.</summary>
    public static WavFileSource Open(string path)
    {
        FileStream stream = AudioFilePath.OpenRead(path);
        try
        {
            return new WavFileSource(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public AudioFormat Format { get; }

    /// <summary>What the header promises (or, for an open-ended data chunk, what the file holds).</summary>
    public long? LengthInFrames { get; }

    public WavHeader Header { get; }

    public long NonFiniteSamplesReplaced { get; private set; }

    public int Read(Span<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int channels = Format.Channels;
        if (interleaved.Length < channels)
        {
            throw new ArgumentException($"the buffer holds {interleaved.Length} floats, less than one frame of {channels}", nameof(interleaved));
        }
        int written = 0;
        while (!_ended)
        {
            long frames = Math.Min((interleaved.Length - written) / channels, _buffer.Length / Header.BlockAlign);
            if (Header.DataLength is { } promised)
            {
                frames = Math.Min(frames, (promised - _dataBytesRead) / Header.BlockAlign);
                _ended = frames == 0 && promised - _dataBytesRead < Header.BlockAlign;
            }
            if (frames == 0)
            {
                break;
            }
            int wanted = (int)frames * Header.BlockAlign;
            int got = _stream.ReadAtLeast(_buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
            _dataBytesRead += got;
            int whole = got / Header.BlockAlign * Header.BlockAlign;
            NonFiniteSamplesReplaced += WavSampleConverter.Convert(_encoding, _buffer.AsSpan(0, whole), interleaved[written..]);
            written += whole / _bytesPerSample;
            if (got < wanted)
            {
                _ended = true;
                _truncation = Header.DataLength is { } length ? Truncation(length) : null;
            }
        }
        if (written == 0 && _truncation is not null)
        {
            throw new AudioInputException(Name, _truncation);
        }
        return written;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private string Truncation(long promised) =>
        $"truncated: the 'data' chunk promised {promised} bytes of audio but the file holds only {_dataBytesRead};"
        + $" the {_dataBytesRead / Header.BlockAlign} whole sample frames that are there were decoded";
}
