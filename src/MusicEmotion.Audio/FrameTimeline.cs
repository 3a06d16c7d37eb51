using System.Diagnostics;

namespace MusicEmotion.Audio;

/// <summary>
/// When a frame passed each point of the data path, in <see cref="Stopwatch"/> ticks (0 = not yet).
/// Latency is measured on the real path from these stamps, never estimated.
/// </summary>
public struct FrameTimeline
{
    /// <summary>The frame's last sample entered the capture ring (live) or left the decoder (file).</summary>
    public long Captured;

    /// <summary>The framer completed the frame.</summary>
    public long Framed;

    /// <summary>Features (log-mel and z-score) were computed.</summary>
    public long Featured;

    /// <summary>The engine produced the reading (forecast included).</summary>
    public long Inferred;

    /// <summary>The reading was handed to every sink's channel.</summary>
    public long Published;

    public static double TicksToMicroseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
