using MusicEmotion.Audio.Decoding;

namespace MusicEmotion.Tests.Audio;

/// <summary>
/// A read-only, non-seekable stream that produces a 16-bit PCM WAV of any length on the fly, so a test can decode
/// hours of audio without a file or the memory to hold one. Sample k of the data is <see cref="SampleAt"/>(k).
/// </summary>
internal sealed class SyntheticWavStream : Stream
{
    /// <summary>A prime, so the pattern never lines up with a buffer size.</summary>
    private const int Period = 65521;

    private readonly byte[] _header;
    private readonly byte[] _period;
    private readonly long _length;
    private long _position;

    public SyntheticWavStream(int sampleRate, int channels, long frames)
    {
        long dataBytes = frames * channels * 2;
        _header =
        [
            .. TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, channels, sampleRate, 16))),
            .. TestWav.Chunk("data", [], declaredSize: checked((uint)dataBytes)),
        ];
        _period = TestWav.Int16Bytes(Enumerable.Range(0, Period).Select(i => SampleAt(i)).ToArray());
        _length = _header.Length + dataBytes;
    }

    /// <summary>A sawtooth over nearly the full int16 range.</summary>
    public static short SampleAt(long index) => (short)(index % Period - 32760);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, _length - _position);
        Span<byte> rest = buffer[..count];
        while (!rest.IsEmpty)
        {
            ReadOnlySpan<byte> from = _position < _header.Length
                ? _header.AsSpan((int)_position)
                : _period.AsSpan((int)((_position - _header.Length) % _period.Length));
            int n = Math.Min(from.Length, rest.Length);
            from[..n].CopyTo(rest);
            rest = rest[n..];
            _position += n;
        }
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
