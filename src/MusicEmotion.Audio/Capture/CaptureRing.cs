using System.Numerics;
using System.Runtime.InteropServices;
using MusicEmotion.Native.PortAudio;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// The hand-off from the audio thread to the pump: device-rate interleaved samples, kept block by block with the
/// time each block arrived, so every frame can say when its last sample entered the process. Two
/// <see cref="SpscRing{T}"/>s, one of samples and one of block stamps; a block is written whole or not at all.
/// </summary>
/// <remarks>
/// The producer (a capture callback, or a paced file) never waits: a block that does not fit is dropped and counted
/// as an overrun, which happens only when the pump has fallen behind by the ring's whole length (seconds).
/// </remarks>
public sealed class CaptureRing : ICaptureTarget
{
    /// <summary>The most frames one stamped block holds; longer writes are split into several stamped blocks.</summary>
    public const int MaxBlockFrames = 4096;

    private const int StampCapacity = 4096;

    private readonly SpscRing<float> _samples;
    private readonly SpscRing<BlockStamp> _stamps = new(StampCapacity);
    private readonly int _maxBlockSamples;
    private long _overruns;
    private long _droppedFrames;
    private long _writtenFrames;

    /// <param name="channels">Interleaved channels per frame.</param>
    /// <param name="minimumFrames">Frames the ring must hold at least; rounded up to a power of two.</param>
    public CaptureRing(int channels, int minimumFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumFrames);
        Channels = channels;
        _maxBlockSamples = MaxBlockFrames * channels;
        int capacity = checked((int)BitOperations.RoundUpToPowerOf2((uint)(Math.Max(minimumFrames, MaxBlockFrames) * channels)));
        _samples = new SpscRing<float>(capacity);
    }

    /// <summary>A ring holding <paramref name="seconds"/> of audio in <paramref name="format"/>.</summary>
    public static CaptureRing For(AudioFormat format, double seconds) =>
        new(format.Channels, checked((int)Math.Ceiling(format.SampleRate * seconds)));

    public int Channels { get; }

    /// <summary>The largest block <see cref="TryRead"/> hands out, in samples: size the reader's buffer to it.</summary>
    public int MaxBlockSamples => _maxBlockSamples;

    /// <summary>Capacity in frames.</summary>
    public int CapacityFrames => _samples.Capacity / Channels;

    /// <summary>Frames waiting for the pump.</summary>
    public int BufferedFrames => _samples.Count / Channels;

    /// <summary>Consumer: a block is waiting.</summary>
    public bool HasBlock => _stamps.Count > 0;

    /// <summary>Blocks dropped because the ring was full.</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Frames in the dropped blocks.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Frames accepted so far.</summary>
    public long WrittenFrames => Interlocked.Read(ref _writtenFrames);

    /// <summary>
    /// Producer: stores <paramref name="interleaved"/> (whole frames) stamped with <paramref name="capturedTicks"/>,
    /// or drops it and counts an overrun when it does not fit. Never blocks, never allocates.
    /// </summary>
    public bool TryWrite(ReadOnlySpan<float> interleaved, long capturedTicks)
    {
        int frames = interleaved.Length / Channels;
        int blocks = (interleaved.Length + _maxBlockSamples - 1) / _maxBlockSamples;
        if (interleaved.Length > _samples.FreeSpace || blocks > _stamps.FreeSpace)
        {
            Interlocked.Increment(ref _overruns);
            Interlocked.Add(ref _droppedFrames, frames);
            return false;
        }
        while (!interleaved.IsEmpty)
        {
            // Samples first, then their stamp: a reader that sees the stamp is sure to see the samples.
            int length = Math.Min(interleaved.Length, _maxBlockSamples);
            _samples.TryWrite(interleaved[..length]);
            var stamp = new BlockStamp(length, capturedTicks);
            _stamps.TryWrite(MemoryMarshal.CreateReadOnlySpan(ref stamp, 1));
            interleaved = interleaved[length..];
        }
        Interlocked.Add(ref _writtenFrames, frames);
        return true;
    }

    void ICaptureTarget.Write(ReadOnlySpan<float> interleaved, long capturedTicks) => TryWrite(interleaved, capturedTicks);

    /// <summary>
    /// Consumer: moves the oldest block into <paramref name="destination"/> (which holds <see cref="MaxBlockSamples"/>)
    /// and says how long it is and when it arrived; false when no block is waiting.
    /// </summary>
    public bool TryRead(Span<float> destination, out int length, out long capturedTicks)
    {
        BlockStamp stamp = default;
        if (_stamps.Read(MemoryMarshal.CreateSpan(ref stamp, 1)) == 0)
        {
            length = 0;
            capturedTicks = 0;
            return false;
        }
        if (destination.Length < stamp.Length)
        {
            throw new ArgumentException($"the buffer holds {destination.Length} samples, a block may hold {_maxBlockSamples}", nameof(destination));
        }
        length = _samples.Read(destination[..stamp.Length]);
        capturedTicks = stamp.CapturedTicks;
        return true;
    }

    private readonly record struct BlockStamp(int Length, long CapturedTicks);
}
