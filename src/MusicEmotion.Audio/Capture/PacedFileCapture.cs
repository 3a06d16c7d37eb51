using System.Diagnostics;
using MusicEmotion.Audio.Decoding;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// A file played into the live path as if a device were capturing it: a thread decodes it block by block and
/// writes each block into a <see cref="CaptureRing"/> no earlier than the moment its last sample would have been
/// captured (start + samples / rate). It never runs ahead of real time; when the machine makes it late, the block is
/// stamped with when it really arrived and the lateness is reported, so latency figures stay honest.
/// Looping, the file starts over where it ended, without a gap: one endless stream, as a device would give.
/// </summary>
public sealed class PacedFileCapture : ICaptureStream
{
    private readonly string _path;
    private readonly bool _loop;
    private readonly CaptureRing _ring;
    private IAudioSource _decoder;
    private long _repairedBefore;
    private long _loops;
    private bool _playedThisPass;
    private readonly int _blockFrames;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private long _blocks;
    private long _maxLatenessTicks;
    private int _ended;
    private Exception? _failure;
    private bool _disposed;

    /// <summary>Opens <paramref name="path"/>; a file that cannot be decoded throws a one-line <see cref="AudioInputException"/>.</summary>
    /// <param name="path">Any file <see cref="AudioFile"/> reads.</param>
    /// <param name="blockMilliseconds">Audio per block, like a device's buffer.</param>
    /// <param name="ringSeconds">Audio the ring holds while the pump is busy.</param>
    /// <param name="loop">Start the file over each time it ends, until stopped (soak runs, installations).</param>
    public PacedFileCapture(string path, double blockMilliseconds = 10, double ringSeconds = 2, bool loop = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockMilliseconds);
        _path = path;
        _loop = loop;
        _decoder = AudioFile.Open(path);
        Format = _decoder.Format;
        _blockFrames = Math.Clamp((int)Math.Round(Format.SampleRate * blockMilliseconds / 1000), 1, CaptureRing.MaxBlockFrames);
        BlockDuration = TimeSpan.FromSeconds((double)_blockFrames / Format.SampleRate);
        _ring = CaptureRing.For(Format, ringSeconds);
    }

    public string Name => _decoder.Name;

    public SourceKind Kind => SourceKind.File;

    public AudioFormat Format { get; }

    public TimeSpan BlockDuration { get; }

    public int MaxBlockSamples => _ring.MaxBlockSamples;

    public long RepairedSamples => Interlocked.Read(ref _repairedBefore) + _decoder.NonFiniteSamplesReplaced;

    /// <summary>How many times the file started over (with looping).</summary>
    public long Loops => Interlocked.Read(ref _loops);

    public Exception? Failure => Volatile.Read(ref _failure);

    public CaptureStatistics Statistics => new()
    {
        Blocks = Interlocked.Read(ref _blocks),
        Overruns = _ring.Overruns,
        DroppedFrames = _ring.DroppedFrames,
        InputLatencySeconds = BlockDuration.TotalSeconds,
        MaxLatenessMilliseconds = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxLatenessTicks)).TotalMilliseconds,
    };

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("the file is already playing");
        }
        _thread = new Thread(Play) { IsBackground = true, Name = "paced file", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Stop()
    {
        _stop.Cancel();
        _thread?.Join();
    }

    public CaptureState Poll() =>
        Failure is not null ? CaptureState.Failed : Volatile.Read(ref _ended) != 0 ? CaptureState.Ended : CaptureState.Running;

    public bool HasBlock => _ring.HasBlock;

    public bool TryRead(Span<float> destination, out int length, out long capturedTicks) =>
        _ring.TryRead(destination, out length, out capturedTicks);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Stop();
        _stop.Dispose();
        _decoder.Dispose();
    }

    private void Play()
    {
        var block = new float[_blockFrames * Format.Channels];
        long start = Stopwatch.GetTimestamp();
        long framesPlayed = 0;
        try
        {
            int length;
            while (!_stop.IsCancellationRequested && (length = Fill(block)) > 0)
            {
                framesPlayed += length / Format.Channels;
                long due = start + (long)((double)framesPlayed / Format.SampleRate * Stopwatch.Frequency);
                if (WaitUntil(due))
                {
                    return;
                }
                long now = Stopwatch.GetTimestamp();
                _ring.TryWrite(block.AsSpan(0, length), now);
                Interlocked.Increment(ref _blocks);
                if (now - due > Interlocked.Read(ref _maxLatenessTicks))
                {
                    Interlocked.Exchange(ref _maxLatenessTicks, now - due);
                }
            }
            if (!_stop.IsCancellationRequested)
            {
                Volatile.Write(ref _ended, 1);
            }
        }
        catch (Exception error)
        {
            // This thread's exception would end the process; the pump reports it instead, after what was played.
            Volatile.Write(ref _failure, error as AudioInputException ?? new AudioInputException(Name, error.Message, error));
        }
    }

    /// <summary>Reads a whole block unless the file ends first (looping, it never does); returns the samples read.</summary>
    private int Fill(float[] block)
    {
        int filled = 0;
        while (filled < block.Length)
        {
            int read = _decoder.Read(block.AsSpan(filled));
            if (read > 0)
            {
                filled += read;
                _playedThisPass = true;
            }
            else if (!_loop || !StartOver())
            {
                break;
            }
        }
        return filled;
    }

    /// <summary>
    /// Opens the file again at its start (once per pass, so its cost is not per block); false for a file that holds
    /// no samples at all, which would otherwise loop forever without playing anything.
    /// </summary>
    private bool StartOver()
    {
        if (!_playedThisPass)
        {
            return false;
        }
        _playedThisPass = false;
        IAudioSource next = AudioFile.Open(_path);
        Interlocked.Add(ref _repairedBefore, _decoder.NonFiniteSamplesReplaced);
        IAudioSource done = Interlocked.Exchange(ref _decoder, next);
        done.Dispose();
        Interlocked.Increment(ref _loops);
        return true;
    }

    /// <summary>Sleeps until <paramref name="due"/> (never earlier); true when stopped meanwhile.</summary>
    private bool WaitUntil(long due)
    {
        TimeSpan remaining;
        while ((remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due)) > TimeSpan.Zero)
        {
            // Whole milliseconds, rounded up, and checked again: the wait may end late, never early.
            if (_stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds))))
            {
                return true;
            }
        }
        return _stop.IsCancellationRequested;
    }
}
