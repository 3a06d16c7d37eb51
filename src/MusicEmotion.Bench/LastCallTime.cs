using System.Diagnostics;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Bench;

/// <summary>
/// How long a wrapped call last took, held until the bench moves it into its stage's histogram. A frame whose
/// tracker made no such call (no forecast yet) leaves nothing, so the histogram counts only real calls.
/// </summary>
internal sealed class LastCallTime
{
    private long _ticks;

    /// <summary>Notes the call that began at <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp) and just ended.</summary>
    public void Set(long start) => _ticks = Stopwatch.GetTimestamp() - start;

    /// <summary>Records the noted time into <paramref name="histogram"/>, if there is one, and forgets it.</summary>
    public void MoveTo(LatencyHistogram histogram)
    {
        if (_ticks > 0)
        {
            histogram.RecordTicks(_ticks);
            _ticks = 0;
        }
    }
}
