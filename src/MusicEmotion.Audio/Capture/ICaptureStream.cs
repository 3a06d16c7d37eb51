namespace MusicEmotion.Audio.Capture;

/// <summary>
/// Device-rate audio arriving in real time, block by block, each block stamped with when it arrived: a capture
/// device (<see cref="PortAudioCapture"/>, or WASAPI on Windows) or a file played at real-time pace (<see cref="PacedFileCapture"/>).
/// The pump reads it; whatever produces it runs on its own thread and never waits for the pump.
/// </summary>
public interface ICaptureStream : IDisposable
{
    /// <summary>The device name or file path; every message about it names it.</summary>
    string Name { get; }

    /// <summary>A device, or a file played in real time.</summary>
    SourceKind Kind { get; }

    /// <summary>Rate and channels of the blocks.</summary>
    AudioFormat Format { get; }

    /// <summary>How much audio one block normally holds: the capture buffer.</summary>
    TimeSpan BlockDuration { get; }

    /// <summary>The longest block <see cref="TryRead"/> hands out, in interleaved samples.</summary>
    int MaxBlockSamples { get; }

    /// <summary>Non-finite samples replaced with silence so far (a damaged file; 0 for a device).</summary>
    long RepairedSamples => 0;

    /// <summary>What the user should know about how it was opened (a rate that fell back, which of several processes).</summary>
    IReadOnlyList<string> Notices => [];

    /// <summary>Counters for reports; a snapshot.</summary>
    CaptureStatistics Statistics { get; }

    /// <summary>Why the stream failed, once <see cref="Poll"/> says so.</summary>
    Exception? Failure { get; }

    void Start();

    /// <summary>Stops producing. Blocks already produced stay readable, so nothing captured is lost.</summary>
    void Stop();

    /// <summary>
    /// Running, ended (a file played to its end) or failed (see <see cref="Failure"/>). Poll before draining: every
    /// block produced before an end or a failure is readable after the poll that reports it.
    /// </summary>
    CaptureState Poll();

    /// <summary>A block is waiting to be read.</summary>
    bool HasBlock { get; }

    /// <summary>Moves the oldest block into <paramref name="destination"/>; false when none is waiting.</summary>
    bool TryRead(Span<float> destination, out int length, out long capturedTicks);
}

/// <summary>Where a capture stream stands.</summary>
public enum CaptureState
{
    Running,

    /// <summary>The source has no more audio (a file's end); what it produced is still readable.</summary>
    Ended,

    /// <summary>The device errored, disappeared or stopped delivering; <see cref="ICaptureStream.Failure"/> says why.</summary>
    Failed,
}

/// <summary>What a capture stream has done so far.</summary>
public sealed record CaptureStatistics
{
    /// <summary>Blocks accepted into the ring.</summary>
    public long Blocks { get; init; }

    /// <summary>Blocks dropped because the ring was full (the pump fell seconds behind).</summary>
    public long Overruns { get; init; }

    /// <summary>Device frames in the dropped blocks.</summary>
    public long DroppedFrames { get; init; }

    /// <summary>Blocks the host itself reported as overflowed before handing them over (device only).</summary>
    public long HostOverflows { get; init; }

    /// <summary>Bytes the capture callback allocated after its warm-up (device only; 0 is the contract).</summary>
    public long? CallbackAllocatedBytes { get; init; }

    /// <summary>Callbacks over which <see cref="CallbackAllocatedBytes"/> was measured.</summary>
    public long MeasuredCallbacks { get; init; }

    /// <summary>The input latency the host reported (device), or the block length (file), in seconds.</summary>
    public double InputLatencySeconds { get; init; }

    /// <summary>The latest a paced file's block was written after its due time, in milliseconds (file only).</summary>
    public double? MaxLatenessMilliseconds { get; init; }
}
