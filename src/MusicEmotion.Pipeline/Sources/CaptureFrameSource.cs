using System.Diagnostics;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Framing;

namespace MusicEmotion.Pipeline.Sources;

/// <summary>
/// Live audio as the head of the pipeline: a pump thread drains the capture ring block by block, converts each
/// (<see cref="CaptureFramer"/>: downmix, resample to 44.1 kHz, frame) and offers every completed frame to the
/// live channel without ever waiting (the channel drops its oldest frame, counted, when the stages fall behind).
/// Given <see cref="CaptureSourceOptions.DspThread"/>, the pump is the live path's one DSP thread, pinned and
/// raised as asked, and the writer it offers frames to may be <see cref="Stages.InlineStages"/>, which makes each
/// frame's reading right there; a pump that falls behind then loses audio in the capture ring (counted as overruns).
/// </summary>
/// <remarks>
/// <para>The pump sleeps while the next frame is far off; when the next block completes a frame, it sleeps until just
/// before that block is due and then spins, yielding the core, until it arrives. A frame thus leaves within
/// microseconds of its last block rather than within a timer tick, for about a millisecond of spinning per frame
/// (0.2 % of a core) and a few dozen wake-ups a second.</para>
/// <para>Stop (cancellation) stops the device and drains what it captured. A device that fails ends the run with
/// its error after every frame completed before it has been written; with reconnect, the pump closes it, retries
/// every second, and the frames continue their sequence and stream time on the new stream.</para>
/// </remarks>
public sealed class CaptureFrameSource : IFrameSource
{
    /// <summary>The pump's longest sleep: bounds how late a failure or a stop is noticed.</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>How long before a frame's last block is due the pump stops sleeping: more than a timer's overshoot.</summary>
    private static readonly TimeSpan SpinLead = TimeSpan.FromMilliseconds(1.5);

    /// <summary>How long after it was due the pump spins for a late block before it goes back to polling.</summary>
    private static readonly TimeSpan SpinLimit = TimeSpan.FromMilliseconds(3);

    /// <summary>Frames before the pump's allocations are counted: the first ones fill the pool and compile the path.</summary>
    private const int WarmUpFrames = 4;

    private readonly Func<ICaptureStream> _open;
    private readonly CaptureSourceOptions _options;
    private ICaptureStream _capture;
    private long _earlierOverruns;
    private long _tail;
    private int _reconnects;
    private long _pumpAllocatedBytes;
    private long _measuredFrames;

    /// <summary>Opens the capture now, so a bad device is reported before the session starts.</summary>
    /// <param name="open">Opens the capture; called again for each reconnect.</param>
    /// <param name="options">Reconnect behaviour and where notices go.</param>
    public CaptureFrameSource(Func<ICaptureStream> open, CaptureSourceOptions? options = null)
    {
        _open = open ?? throw new ArgumentNullException(nameof(open));
        _options = options ?? new CaptureSourceOptions();
        _capture = open();
    }

    /// <summary>The stream being read now (a new one after each reconnect).</summary>
    public ICaptureStream Capture => Volatile.Read(ref _capture);

    public string Name => Capture.Name;

    public SourceKind Kind => Capture.Kind;

    public AudioFormat Format => Capture.Format;

    public long TailSamples => Volatile.Read(ref _tail);

    public long RepairedSamples => Capture.RepairedSamples;

    public long Overruns => Interlocked.Read(ref _earlierOverruns) + Capture.Statistics.Overruns;

    /// <summary>Times the device was reopened after failing.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Bytes the pump allocated after its warm-up, and the frames it made meanwhile (0 bytes is the contract).</summary>
    public (long Bytes, long Frames) PumpAllocations => (Interlocked.Read(ref _pumpAllocatedBytes), Interlocked.Read(ref _measuredFrames));

    public Task RunAsync(ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(pool);
        Preallocate(pool, _options.PreallocatedFrames);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DspThreadOptions? dsp = _options.DspThread;
        var pump = new Thread(() =>
        {
            try
            {
                dsp?.ApplyToCurrentThread();
                Pump(frames, pool, cancellationToken);
                done.SetResult();
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        })
        {
            IsBackground = true,
            Name = dsp is null ? "capture pump" : "live dsp",
            // A hint: honoured where an unprivileged process may raise a thread, ignored elsewhere.
            Priority = ThreadPriority.AboveNormal,
        };
        pump.Start();
        return done.Task;
    }

    public void Dispose() => Capture.Dispose();

    private void Pump(ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool, CancellationToken cancellationToken)
    {
        ICaptureStream capture = Capture;
        var framer = new CaptureFramer(capture.Format, pool, capture.MaxBlockSamples);
        var block = new float[capture.MaxBlockSamples];
        capture.Start();
        long lastBlockTicks = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    capture.Stop();
                    Drain(capture, framer, block, frames, pool, ref lastBlockTicks);
                    return;
                }
                CaptureState state = capture.Poll();
                Drain(capture, framer, block, frames, pool, ref lastBlockTicks);
                if (state == CaptureState.Ended)
                {
                    framer.Flush(Stopwatch.GetTimestamp());
                    Publish(framer, frames, pool);
                    return;
                }
                if (state == CaptureState.Failed)
                {
                    if (!_options.Reconnect)
                    {
                        throw capture.Failure!;
                    }
                    if (!Reconnect(framer, ref block, cancellationToken))
                    {
                        return;
                    }
                    capture = Capture;
                    lastBlockTicks = Stopwatch.GetTimestamp();
                    continue;
                }
                WaitForAudio(capture, framer, lastBlockTicks, cancellationToken);
            }
        }
        finally
        {
            Volatile.Write(ref _tail, framer.PendingSamples);
        }
    }

    private void Drain(
        ICaptureStream capture, CaptureFramer framer, float[] block, ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool,
        ref long lastBlockTicks)
    {
        bool measured = framer.FramesCompleted >= WarmUpFrames;
        long framesBefore = framer.FramesCompleted;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        while (capture.TryRead(block, out int length, out long capturedTicks))
        {
            framer.Push(block.AsSpan(0, length), capturedTicks);
            Publish(framer, frames, pool);
            lastBlockTicks = capturedTicks;
        }
        if (measured)
        {
            Interlocked.Add(ref _pumpAllocatedBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            Interlocked.Add(ref _measuredFrames, framer.FramesCompleted - framesBefore);
        }
    }

    /// <summary>
    /// Fills the pool up front with as many frames as the live path can hold at once, so the pump never allocates
    /// one later, when a stage that fell behind keeps more frames in flight than usual.
    /// </summary>
    private static void Preallocate(FramePool<AudioFrame> pool, int count)
    {
        var frames = new AudioFrame[count];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = pool.Rent();
        }
        foreach (AudioFrame frame in frames)
        {
            pool.Return(frame);
        }
    }

    private static void Publish(CaptureFramer framer, ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool)
    {
        while (framer.TryTakeFrame(out AudioFrame? frame))
        {
            // The live channel drops its oldest frame rather than refuse; a completed channel is the only refusal.
            if (!frames.TryWrite(frame))
            {
                pool.Return(frame);
            }
        }
    }

    /// <summary>
    /// Waits for the audio the next frame needs: a long sleep while it is more than two blocks off, a sleep until
    /// the next block while that block does not complete it, and a sleep then a spin when it does.
    /// </summary>
    private static void WaitForAudio(ICaptureStream capture, CaptureFramer framer, long lastBlockTicks, CancellationToken cancellationToken)
    {
        TimeSpan block = capture.BlockDuration;
        var untilFrame = TimeSpan.FromSeconds((double)framer.DeviceFramesUntilFrame / capture.Format.SampleRate);
        if (untilFrame > 2 * block)
        {
            cancellationToken.WaitHandle.WaitOne(Min(untilFrame - 2 * block, LongestSleep));
            return;
        }
        long due = lastBlockTicks + (long)(block.TotalSeconds * Stopwatch.Frequency);
        TimeSpan untilDue = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (untilFrame > block || untilDue < -SpinLimit)
        {
            // Not the block that completes the frame, or a block long overdue (a stalled device): poll calmly.
            cancellationToken.WaitHandle.WaitOne(untilDue > PollInterval ? untilDue : PollInterval);
            return;
        }
        if (untilDue - SpinLead >= PollInterval && cancellationToken.WaitHandle.WaitOne(untilDue - SpinLead))
        {
            return;
        }
        long giveUp = due + (long)(SpinLimit.TotalSeconds * Stopwatch.Frequency);
        while (!capture.HasBlock && Stopwatch.GetTimestamp() < giveUp && !cancellationToken.IsCancellationRequested)
        {
            Thread.Yield();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Replaces the failed stream with a new one; false when cancelled first.</summary>
    private bool Reconnect(CaptureFramer framer, ref float[] block, CancellationToken cancellationToken)
    {
        ICaptureStream failed = Capture;
        _options.Notice?.Invoke($"{failed.Failure!.Message}; reconnecting");
        Interlocked.Add(ref _earlierOverruns, failed.Statistics.Overruns);
        failed.Dispose();
        while (!cancellationToken.WaitHandle.WaitOne(_options.RetryInterval))
        {
            ICaptureStream next;
            try
            {
                next = _open();
            }
            catch (AudioInputException)
            {
                continue;
            }
            try
            {
                next.Start();
            }
            catch (AudioInputException)
            {
                next.Dispose();
                continue;
            }
            Volatile.Write(ref _capture, next);
            Interlocked.Increment(ref _reconnects);
            framer.Reconfigure(next.Format, next.MaxBlockSamples);
            block = new float[next.MaxBlockSamples];
            _options.Notice?.Invoke($"reconnected to '{next.Name}' ({next.Format})");
            return true;
        }
        return false;
    }
}

/// <summary>How a <see cref="CaptureFrameSource"/> meets a failing device.</summary>
public sealed record CaptureSourceOptions
{
    /// <summary>Reopen a device that failed instead of ending the session.</summary>
    public bool Reconnect { get; init; }

    /// <summary>Time between attempts to reopen.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Told about failures and reconnects (the CLI prints them on stderr).</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>
    /// The pump thread's core and priority. With <see cref="PipelineOptions.StagesOnSourceThread"/> it is the live
    /// path's one DSP thread; null leaves it an ordinary thread the scheduler places.
    /// </summary>
    public DspThreadOptions? DspThread { get; init; }

    /// <summary>
    /// Audio frames made before capture starts: the live channel's capacity, one in the feature stage, one being
    /// filled and one on its way out when the channel drops its oldest.
    /// </summary>
    public int PreallocatedFrames { get; init; } = PipelineOptions.Live.AudioCapacity + 3;
}
