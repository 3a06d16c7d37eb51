using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Visualiser.Feed;

/// <summary>
/// The pipeline's side of the view: turns each reading into a <see cref="ViewReading"/> (placed at the end of its
/// frame, forecast points at their horizons) and publishes it to a <see cref="ViewFeed"/>, which the render thread
/// reads without ever blocking this one. Keeps the status line current from what it sees: end-to-end latency of
/// the frames it receives and the gaps in their sequence numbers (frames dropped upstream). With a suggestion board
/// it passes each new ranking on to the feed, so the strip shows the next-track suggestions.
/// </summary>
public sealed class ViewSink(ViewFeed feed, int statusEveryReadings = 20, LiveSuggestions? suggestions = null) : IReadingSink
{
    private readonly LatencyHistogram _latency = new();
    private readonly ForecastPoint[] _forecast = new ForecastPoint[EmotionReading.MaxForecastSteps];
    private SessionInfo? _session;
    private long _nextSequence;
    private long _gaps;
    private int _sinceStatus;
    private bool _live;

    public ViewFeed Feed { get; } = feed ?? throw new ArgumentNullException(nameof(feed));

    public string Name => "view";

    public void Start(SessionInfo session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        // A file's frames wait for the slower stages by design, so only a capture has a latency worth showing.
        _live = session.SourceKind != SourceKind.File;
        _latency.Reset();
        _nextSequence = 0;
        _gaps = 0;
        PublishStatus();
    }

    public void Write(in EmotionReading reading)
    {
        _gaps += Math.Max(0, reading.Sequence - _nextSequence);
        _nextSequence = reading.Sequence + 1;
        if (_live && reading.Timeline.Captured != 0 && reading.Timeline.Published != 0)
        {
            _latency.Record((long)((reading.Timeline.Published - reading.Timeline.Captured) * (1e9 / System.Diagnostics.Stopwatch.Frequency)));
        }
        if (reading.HasPoint)
        {
            IReadOnlyList<double> horizons = _session!.Forecaster.HorizonSeconds;
            ReadOnlySpan<AffectPoint> forecast = reading.ForecastSpan;
            int count = Math.Min(forecast.Length, Math.Min(horizons.Count, ViewReading.MaxForecastSteps));
            for (int i = 0; i < count; i++)
            {
                _forecast[i] = new ForecastPoint((float)horizons[i], forecast[i]);
            }
            Feed.Publish(new ViewReading(
                reading.StartTime + Audio.FrameLayout.FrameSeconds, reading.Point, new InputLevel(reading.Rms, reading.Peak),
                _forecast.AsSpan(0, count), reading.Label));
        }
        // A new ranking is a new list (the board never changes one in place): comparing references costs nothing.
        if (suggestions is not null && !ReferenceEquals(suggestions.Ranked, Feed.Suggestions))
        {
            Feed.PublishSuggestions(suggestions.Ranked);
        }
        // The status is an immutable record the render thread swaps in: made every few seconds, not per frame.
        if (++_sinceStatus >= statusEveryReadings)
        {
            PublishStatus();
        }
    }

    public void Complete(SessionSummary summary) => PublishStatus();

    private void PublishStatus()
    {
        _sinceStatus = 0;
        var session = _session!;
        bool measured = _live && _latency.Count > 0;
        Feed.PublishStatus(new ViewStatus(
            session.Engine.Engine, session.Engine.Provider, _live ? session.Source : Path.GetFileName(session.Source),
            measured ? _latency.ValueAtPercentile(50) / 1e6 : double.NaN,
            measured ? _latency.ValueAtPercentile(99) / 1e6 : double.NaN,
            _gaps));
    }
}
