namespace MusicEmotion.Audio.Conversion;

/// <summary>
/// Presents any source as mono at one rate (by default the analysis rate, 44.1 kHz): reads it in blocks, downmixes
/// with <see cref="ChannelDownmixer"/> and converts with <see cref="PolyphaseResampler"/>, flushing the resampler when
/// the source ends. Allocation-free per <see cref="Read"/>; a source already at the rate in mono passes through.
/// </summary>
public sealed class MonoResamplingSource : IAudioSource
{
    private const int BlockFrames = 4096;

    private readonly IAudioSource _inner;
    private readonly ChannelDownmixer _downmixer;
    private readonly PolyphaseResampler _resampler;
    private readonly float[] _interleaved;
    private readonly float[] _mono;
    private readonly float[] _converted;
    private int _pendingStart;
    private int _pendingCount;
    private bool _innerEnded;

    public MonoResamplingSource(IAudioSource inner, int outputRate = FrameLayout.SampleRate)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        int channels = inner.Format.Channels;
        _downmixer = new ChannelDownmixer(channels);
        _resampler = new PolyphaseResampler(inner.Format.SampleRate, outputRate);
        Format = new AudioFormat(outputRate, 1);
        _interleaved = new float[BlockFrames * channels];
        _mono = new float[BlockFrames];
        // Room for one block's output, or for the flush, whose tail is at most half a filter plus a block long.
        _converted = new float[_resampler.MaxOutputLength(BlockFrames + _resampler.Design.TapsPerPhase)];
        ResamplerDesign design = _resampler.Design;
        LengthInFrames = inner.LengthInFrames is { } frames
            ? (long)(((Int128)frames * design.UpFactor + design.DownFactor - 1) / design.DownFactor)
            : null;
    }

    public string Name => _inner.Name;

    public AudioFormat Format { get; }

    public long? LengthInFrames { get; }

    public long NonFiniteSamplesReplaced => _inner.NonFiniteSamplesReplaced;

    public ResamplerDesign Design => _resampler.Design;

    public int Read(Span<float> interleaved)
    {
        if (interleaved.IsEmpty)
        {
            throw new ArgumentException("the buffer is empty; 0 would mean the end of the stream", nameof(interleaved));
        }
        int written = 0;
        while (written < interleaved.Length)
        {
            if (_pendingCount == 0 && !Refill())
            {
                break;
            }
            int count = Math.Min(_pendingCount, interleaved.Length - written);
            _converted.AsSpan(_pendingStart, count).CopyTo(interleaved[written..]);
            _pendingStart += count;
            _pendingCount -= count;
            written += count;
        }
        return written;
    }

    public void Dispose() => _inner.Dispose();

    /// <summary>Converts the next block (or the flushed tail) into the pending buffer; false at the end.</summary>
    private bool Refill()
    {
        while (!_innerEnded)
        {
            int read = _inner.Read(_interleaved);
            if (read == 0)
            {
                _innerEnded = true;
                break;
            }
            int mono = _downmixer.Process(_interleaved.AsSpan(0, read), _mono);
            SetPending(_resampler.Process(_mono.AsSpan(0, mono), _converted));
            if (_pendingCount > 0)
            {
                return true;
            }
        }
        SetPending(_resampler.Flush(_converted));
        return _pendingCount > 0;
    }

    private void SetPending(int count)
    {
        _pendingStart = 0;
        _pendingCount = count;
    }
}
