using System.Diagnostics;

namespace MusicEmotion.Pipeline;

/// <summary>
/// Releases things at the pace of the stream they come from: started once, it waits until a given stream time
/// has passed on the wall clock. File sources streamed "as if live" and recordings replayed at real pace use it,
/// so both keep the music's timing rather than the decoder's speed.
/// </summary>
public sealed class StreamClock
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly double _origin;

    /// <param name="origin">The stream time, in seconds, that corresponds to now.</param>
    public StreamClock(double origin = 0) => _origin = origin;

    /// <summary>Stream seconds that have passed since the clock started, counted from its origin.</summary>
    public double Now => _origin + _elapsed.Elapsed.TotalSeconds;

    /// <summary>Waits until <paramref name="streamSeconds"/>; returns at once if it has passed.</summary>
    public async Task WaitUntilAsync(double streamSeconds, CancellationToken cancellationToken)
    {
        double ahead = streamSeconds - Now;
        if (ahead > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(ahead), cancellationToken).ConfigureAwait(false);
        }
    }
}
