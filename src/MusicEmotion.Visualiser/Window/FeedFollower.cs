using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Motion;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Visualiser.Window;

/// <summary>
/// The render thread's side of the feed: each frame it copies the readings the view needs out of the
/// <see cref="ViewFeed"/> (never blocking the writer), notices a new reading, starts the point moving towards
/// it, and hands the renderer a <see cref="SceneInput"/>. Allocation-free after construction.
/// </summary>
public sealed class FeedFollower
{
    private readonly ViewReading[] _readings;
    private readonly PointInterpolator _point;
    private int _count;
    private long _latestSequence = -1;
    private double _latestArrival;

    /// <param name="historySeconds">Seconds of readings the view shows at most (the strip's span).</param>
    /// <param name="transitionSeconds">How long the point takes to reach a new reading.</param>
    public FeedFollower(double historySeconds, double transitionSeconds)
    {
        // Twice the nominal 2 Hz, so a faster replay still fills the strip, plus the forecast's look-back.
        _readings = new ViewReading[(int)Math.Ceiling(historySeconds * 4) + 16];
        _point = new PointInterpolator(transitionSeconds);
    }

    /// <summary>The readings copied at the last <see cref="Update"/>, oldest first.</summary>
    public ReadOnlySpan<ViewReading> Readings => _readings.AsSpan(0, _count);

    /// <summary>Copies the newest readings and retargets the point if one arrived since the last frame.</summary>
    public void Update(ViewFeed feed, double now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _count = feed.CopyLatest(_readings, out long first);
        if (_count == 0)
        {
            return;
        }
        long latest = first + _count - 1;
        if (latest != _latestSequence)
        {
            _point.Retarget(_readings[_count - 1].Point, now);
            _latestSequence = latest;
            _latestArrival = now;
        }
    }

    /// <summary>The frame to draw at render time <paramref name="now"/>.</summary>
    public SceneInput Scene(double now, ViewSettings settings, ViewStatus? status, IReadOnlyList<Suggestion>? suggestions = null, ProfileScene profile = default)
    {
        if (_count == 0)
        {
            return new SceneInput([], default, 0, settings, SceneMode.Live, status, suggestions: suggestions, profile: profile);
        }
        // The stream clock runs on between readings (so the trail fades and the plots scroll smoothly), but
        // not beyond one transition: a stalled pipeline freezes the view instead of running it on empty.
        double since = Math.Clamp(now - _latestArrival, 0, _point.TransitionSeconds);
        double streamNow = _readings[_count - 1].StreamSeconds + since;
        return new SceneInput(Readings, _point.Sample(now), streamNow, settings, SceneMode.Live, status, suggestions: suggestions, profile: profile);
    }
}
