using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace MusicEmotion.Audio.Framing;

/// <summary>
/// Cuts a 44.1 kHz mono stream, arriving in chunks of any size, into consecutive non-overlapping frames
/// (clip k = samples [k*L, (k+1)*L) of the stream, the reference segmentation). Each completed frame carries
/// its sequence number, its start in stream time, its level and when its last sample arrived. Samples after
/// the last whole frame stay pending: <see cref="PendingSamples"/> reports that tail rather than hiding it.
/// </summary>
public sealed class Framer
{
    private readonly FramePool<AudioFrame> _pool;
    private readonly int _frameLength;
    private AudioFrame? _current;
    private int _filled;
    private long _nextSequence;
    private long _nextStart;

    public Framer(FramePool<AudioFrame> pool, int frameLength = FrameLayout.FrameLength)
    {
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameLength);
        _frameLength = frameLength;
    }

    /// <summary>Samples received since the last completed frame: the tail if the stream ends now.</summary>
    public int PendingSamples => _filled;

    /// <summary>Frames completed so far.</summary>
    public long FramesCompleted => _nextSequence;

    /// <summary>Stream samples consumed so far (completed frames plus the pending tail).</summary>
    public long SamplesConsumed => _nextStart + _filled;

    /// <summary>
    /// Consumes samples from <paramref name="samples"/> until a frame completes (returned, and the span advanced
    /// past what was used) or the span is exhausted (false). Call in a loop until it returns false.
    /// </summary>
    /// <param name="samples">Mono samples at 44.1 kHz; advanced past the samples consumed.</param>
    /// <param name="capturedTicks">
    /// Stopwatch time the chunk's last sample entered the process (capture ring or decoder); becomes the
    /// frame's <see cref="FrameTimeline.Captured"/> when the frame completes in this chunk.
    /// </param>
    /// <param name="frame">The completed frame, rented from the pool; the caller passes it on or returns it.</param>
    public bool TryFill(ref ReadOnlySpan<float> samples, long capturedTicks, [NotNullWhen(true)] out AudioFrame? frame)
    {
        frame = null;
        if (samples.IsEmpty)
        {
            return false;
        }
        _current ??= _pool.Rent();
        int take = Math.Min(samples.Length, _frameLength - _filled);
        samples[..take].CopyTo(_current.Samples.AsSpan(_filled));
        samples = samples[take..];
        _filled += take;
        if (_filled < _frameLength)
        {
            return false;
        }
        frame = Complete(_current, capturedTicks);
        _current = null;
        _filled = 0;
        return true;
    }

    /// <summary>Starts a new stream: drops the pending tail and restarts sequence numbers and time at zero.</summary>
    public void Reset()
    {
        _filled = 0;
        _nextSequence = 0;
        _nextStart = 0;
    }

    private AudioFrame Complete(AudioFrame frame, long capturedTicks)
    {
        ReadOnlySpan<float> samples = frame.Samples.AsSpan(0, _frameLength);
        frame.Sequence = _nextSequence++;
        frame.StartSample = _nextStart;
        _nextStart += _frameLength;
        frame.Peak = samples.IsEmpty ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(samples));
        frame.Rms = MathF.Sqrt(TensorPrimitives.SumOfSquares(samples) / _frameLength);
        frame.Flags = FrameFlags.None;
        frame.Timeline = default;
        frame.Timeline.Captured = capturedTicks;
        frame.Timeline.Framed = Stopwatch.GetTimestamp();
        return frame;
    }
}
