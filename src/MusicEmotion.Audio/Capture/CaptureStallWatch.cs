using System.Diagnostics;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// Tells a device that stopped delivering from one that is merely slow: its block count has not moved for longer
/// than <see cref="Timeout"/>. Polled by the pump's thread only.
/// </summary>
internal sealed class CaptureStallWatch(TimeSpan timeout)
{
    private long _lastCount;
    private long _lastProgressTicks = Stopwatch.GetTimestamp();

    public TimeSpan Timeout => timeout;

    /// <summary>The stream (re)started: the wait for its first block starts now.</summary>
    public void Restart() => _lastProgressTicks = Stopwatch.GetTimestamp();

    /// <summary>Whether <paramref name="count"/> has stood still too long; a stopped stream never stalls.</summary>
    public bool Stalled(long count, bool stopped)
    {
        long now = Stopwatch.GetTimestamp();
        if (count != _lastCount || stopped)
        {
            _lastCount = count;
            _lastProgressTicks = now;
            return false;
        }
        return Stopwatch.GetElapsedTime(_lastProgressTicks, now) > timeout;
    }
}
