using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Library.Search;

/// <summary>
/// Live next-track suggestions: about once a second of stream time, ranks the catalog's openings with
/// <see cref="NextTrackCost"/> against where the music is now (the current reading) and where it is heading (the
/// slope from the reading to its forecast's last point, or, without a forecast, 0), at the current RMS level, and
/// publishes the ranking to <see cref="LiveSuggestions"/>. Readings between rankings only cost a comparison.
/// </summary>
public sealed class SuggestionSink(CatalogIndex index, int limit, LiveSuggestions board) : IReadingSink
{
    /// <summary>Stream seconds between two rankings.</summary>
    public const double RankEverySeconds = 1.0;

    private readonly CatalogIndex _index = index ?? throw new ArgumentNullException(nameof(index));
    private readonly LiveSuggestions _board = board ?? throw new ArgumentNullException(nameof(board));
    private IReadOnlyList<double> _horizons = [];
    private double _lastRanked = double.NegativeInfinity;

    public string Name => "suggest";

    /// <summary>Where the rankings are published, for the sinks that show them.</summary>
    public LiveSuggestions Board => _board;

    /// <summary>How many rankings were made (tests check the rate).</summary>
    public int Rankings { get; private set; }

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _horizons = session.Forecaster.HorizonSeconds;
        _lastRanked = double.NegativeInfinity;
    }

    public void Write(in EmotionReading reading)
    {
        if (!reading.HasPoint || reading.StartTime - _lastRanked < RankEverySeconds)
        {
            return;
        }
        _lastRanked = reading.StartTime;
        _board.Publish(NextTrackCost.Rank(_index, Now(reading), limit)
            .Select(hit => new Suggestion(hit.Track.Path, hit.Distance))
            .ToArray());
        Rankings++;
    }

    public void Complete(SessionSummary summary)
    {
    }

    /// <summary>The live reading as the shape of an ending, which is what the next-track cost compares openings with.</summary>
    internal EndShape Now(in EmotionReading reading)
    {
        AffectPoint slope = default;
        int last = Math.Min(reading.ForecastCount, _horizons.Count) - 1;
        if (last >= 0 && _horizons[last] > 0 && reading.ForecastSpan[last].IsFinite)
        {
            AffectPoint ahead = reading.ForecastSpan[last];
            float seconds = (float)_horizons[last];
            slope = new AffectPoint((ahead.Arousal - reading.Point.Arousal) / seconds, (ahead.Valence - reading.Point.Valence) / seconds);
        }
        float levelDb = (float)Math.Max(-120, 20 * Math.Log10(Math.Max(reading.Rms, 1e-6)));
        return new EndShape(reading.Point, slope, levelDb);
    }
}
