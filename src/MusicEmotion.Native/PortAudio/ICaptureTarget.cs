namespace MusicEmotion.Native.PortAudio;

/// <summary>
/// Where an input stream's callback puts each block, on PortAudio's audio thread. An implementation must be
/// real-time safe: no allocation, no lock, no I/O, no waiting. An exception it throws is caught at the callback's
/// edge (it never unwinds into PortAudio), aborts the stream and is kept for the owning thread to rethrow.
/// </summary>
public interface ICaptureTarget
{
    /// <param name="interleaved">The block's samples, frame by frame; valid only during the call.</param>
    /// <param name="capturedTicks">Stopwatch time the block reached the process.</param>
    void Write(ReadOnlySpan<float> interleaved, long capturedTicks);
}
