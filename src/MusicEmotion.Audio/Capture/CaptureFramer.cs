using System.Diagnostics.CodeAnalysis;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Framing;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// The pump's conversion, block by block: device-rate interleaved audio -> mono (<see cref="ChannelDownmixer"/>)
/// -> 44.1 kHz (<see cref="PolyphaseResampler"/>) -> 0.5 s frames (<see cref="Framer"/>), each frame stamped with the
/// arrival time of the block that completed it. The same conversion as a file's, so a file played through the live
/// path gives the same frames. Allocation-free per block after construction.
/// </summary>
public sealed class CaptureFramer
{
    private readonly Framer _framer;
    private ChannelDownmixer _downmixer = null!;
    private PolyphaseResampler _resampler = null!;
    private float[] _mono = [];
    private float[] _converted = [];
    private int _pendingStart;
    private int _pendingCount;
    private long _pendingTicks;

    /// <param name="format">The device's rate and channels.</param>
    /// <param name="pool">Where frames come from.</param>
    /// <param name="maxBlockSamples">The longest block <see cref="Push"/> will get, in interleaved samples.</param>
    public CaptureFramer(AudioFormat format, FramePool<AudioFrame> pool, int maxBlockSamples)
    {
        _framer = new Framer(pool);
        Reconfigure(format, maxBlockSamples);
    }

    public AudioFormat Format { get; private set; }

    /// <summary>44.1 kHz samples after the last whole frame (the tail, if the stream ended now).</summary>
    public int PendingSamples => _framer.PendingSamples + _pendingCount;

    /// <summary>Frames completed so far.</summary>
    public long FramesCompleted => _framer.FramesCompleted;

    /// <summary>
    /// About how many more device-rate frames the next 0.5 s frame needs: the pump sleeps while it is far off.
    /// Counts the resampler's look-ahead (half its filter), which must arrive before the last output sample exists.
    /// </summary>
    public int DeviceFramesUntilFrame
    {
        get
        {
            long needed = FrameLayout.FrameLength - _framer.PendingSamples - _pendingCount;
            long input = (needed * Format.SampleRate + FrameLayout.SampleRate - 1) / FrameLayout.SampleRate;
            int lookAhead = _resampler.Design.IsPassThrough ? 0 : _resampler.Design.TapsPerPhase / 2;
            return (int)Math.Max(0, input + lookAhead);
        }
    }

    /// <summary>
    /// A device of another format took over (a reconnect): new downmix and resampling, while frames continue their
    /// sequence and stream time. What the old resampler still held is dropped with the old device.
    /// </summary>
    [MemberNotNull(nameof(_downmixer), nameof(_resampler))]
    public void Reconfigure(AudioFormat format, int maxBlockSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBlockSamples);
        Format = format;
        _downmixer = new ChannelDownmixer(format.Channels);
        _resampler = new PolyphaseResampler(format.SampleRate, FrameLayout.SampleRate);
        int monoLength = maxBlockSamples / format.Channels + 1;
        _mono = new float[monoLength];
        _converted = new float[_resampler.MaxOutputLength(monoLength)];
        _pendingCount = 0;
    }

    /// <summary>
    /// Converts one block; then call <see cref="TryTakeFrame"/> until it returns false before the next block.
    /// </summary>
    public void Push(ReadOnlySpan<float> interleaved, long capturedTicks)
    {
        if (_pendingCount > 0)
        {
            throw new InvalidOperationException("the previous block's frames were not all taken");
        }
        int mono = _downmixer.Process(interleaved, _mono);
        SetPending(_resampler.Process(_mono.AsSpan(0, mono), _converted), capturedTicks);
    }

    /// <summary>
    /// The stream ended (a file played to its end): the resampler's last outputs, computed as if silence followed,
    /// join the stream, exactly as the file path ends. Take frames after it as after <see cref="Push"/>.
    /// </summary>
    public void Flush(long capturedTicks)
    {
        if (_pendingCount > 0)
        {
            throw new InvalidOperationException("the previous block's frames were not all taken");
        }
        int tail = _resampler.PendingOutputLength;
        if (tail > _converted.Length)
        {
            // Once per stream, at its end: the flushed tail may be longer than any block's output.
            _converted = new float[tail];
        }
        SetPending(_resampler.Flush(_converted), capturedTicks);
    }

    /// <summary>The next frame the last block completed, if any.</summary>
    public bool TryTakeFrame([NotNullWhen(true)] out AudioFrame? frame)
    {
        ReadOnlySpan<float> pending = _converted.AsSpan(_pendingStart, _pendingCount);
        bool completed = _framer.TryFill(ref pending, _pendingTicks, out frame);
        _pendingStart += _pendingCount - pending.Length;
        _pendingCount = pending.Length;
        return completed;
    }

    private void SetPending(int count, long capturedTicks)
    {
        _pendingStart = 0;
        _pendingCount = count;
        _pendingTicks = capturedTicks;
    }
}
