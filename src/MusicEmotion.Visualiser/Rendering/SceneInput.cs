using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Visualiser.Feed;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>Whether a frame shows a live stream or a whole track at once.</summary>
public enum SceneMode
{
    /// <summary>The moving point, the trail of the last seconds, the forecast, the last minute in the strip.</summary>
    Live,

    /// <summary>The trail over the full track, for reports: what <c>render</c> draws.</summary>
    Summary,
}

/// <summary>Everything one frame draws, gathered by the window (or the offscreen renderer) before it renders.</summary>
public readonly ref struct SceneInput
{
    /// <param name="readings">Readings, oldest first; the last is the latest.</param>
    /// <param name="current">Where the point is drawn now (interpolated); ignored when there are no readings.</param>
    /// <param name="streamNow">The stream time the frame shows (the latest reading's time plus the time since it arrived).</param>
    /// <param name="settings">Overlays, colour mode and palette.</param>
    /// <param name="mode">Live or whole-track summary.</param>
    /// <param name="status">The status line, if the pipeline reported one.</param>
    /// <param name="title">What is shown (the track's name), for the summary.</param>
    /// <param name="suggestions">Next-track suggestions, cheapest first, for the live strip; none without a library.</param>
    /// <param name="profile">A profile drawn with the mouse and what its search found; none by default.</param>
    public SceneInput(
        ReadOnlySpan<ViewReading> readings, AffectPoint current, double streamNow, ViewSettings settings,
        SceneMode mode = SceneMode.Live, ViewStatus? status = null, string? title = null, IReadOnlyList<Suggestion>? suggestions = null,
        ProfileScene profile = default)
    {
        Profile = profile;
        Suggestions = suggestions ?? [];
        Readings = readings;
        Current = current;
        StreamNow = streamNow;
        Settings = settings;
        Mode = mode;
        Status = status;
        Title = title;
    }

    public ReadOnlySpan<ViewReading> Readings { get; }

    public AffectPoint Current { get; }

    public double StreamNow { get; }

    public ViewSettings Settings { get; }

    public SceneMode Mode { get; }

    public ViewStatus? Status { get; }

    public string? Title { get; }

    public IReadOnlyList<Suggestion> Suggestions { get; }

    public ProfileScene Profile { get; }

    public bool HasReading => Readings.Length > 0;

    /// <summary>The latest reading; only valid when <see cref="HasReading"/>.</summary>
    public ref readonly ViewReading Latest => ref Readings[^1];
}
