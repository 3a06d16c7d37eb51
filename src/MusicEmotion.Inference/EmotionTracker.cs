using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Features;

namespace MusicEmotion.Inference;

/// <summary>
/// Follows one stream's emotion frame by frame: steps the engine on each frame's features, guards its
/// carried state, keeps the recent readings and forecasts from them. The engine and forecaster are borrowed,
/// not owned. One instance per stream; allocation-free per frame.
/// </summary>
/// <remarks>
/// State guard: features with NaN/Inf never reach the engine (no reading, state untouched). A non-finite
/// output means the state itself went bad: the engine is reset and the frame says so. A long run of silent
/// frames (a gap between tracks) resets the state too, so the next track does not inherit the last one's mood.
/// </remarks>
public sealed class EmotionTracker
{
    private readonly IEmotionEngine _engine;
    private readonly IForecaster _forecaster;
    private readonly AffectPoint[] _history;
    private readonly AffectPoint[] _forecast;
    private bool _hasHistory;
    private int _silentRun;

    /// <param name="engine">The emotion engine (borrowed).</param>
    /// <param name="forecaster">The forecaster (borrowed).</param>
    /// <param name="resetAfterSilentFrames">Consecutive silent frames after which the state is reset; 0 = never.</param>
    public EmotionTracker(IEmotionEngine engine, IForecaster forecaster, int resetAfterSilentFrames = 6)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _forecaster = forecaster ?? throw new ArgumentNullException(nameof(forecaster));
        if (forecaster.Info.Steps > EmotionReading.MaxForecastSteps)
        {
            throw new ArgumentException(
                $"forecaster '{forecaster.Info.Source}' predicts {forecaster.Info.Steps} points; at most {EmotionReading.MaxForecastSteps} are supported",
                nameof(forecaster));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(resetAfterSilentFrames);
        ResetAfterSilentFrames = resetAfterSilentFrames;
        _history = new AffectPoint[forecaster.Info.HistoryLength];
        _forecast = new AffectPoint[forecaster.Info.Steps];
    }

    public int ResetAfterSilentFrames { get; }

    public EngineInfo Engine => _engine.Info;

    public ForecastInfo Forecaster => _forecaster.Info;

    /// <summary>Resets the engine state and forgets the history: a new track starts.</summary>
    public void Reset()
    {
        _engine.Reset();
        _hasHistory = false;
        _silentRun = 0;
    }

    public EmotionReading Process(FeatureFrame features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var reading = new EmotionReading
        {
            Sequence = features.Sequence,
            StartTime = features.StartTime,
            Peak = features.Peak,
            Rms = features.Rms,
            Flags = features.Flags,
            Timeline = features.Timeline,
        };

        if ((features.Flags & FrameFlags.Silence) != 0)
        {
            _silentRun++;
            if (ResetAfterSilentFrames > 0 && _silentRun == ResetAfterSilentFrames)
            {
                Reset();
                reading.Flags |= FrameFlags.StateReset;
            }
        }
        else
        {
            _silentRun = 0;
        }

        var point = new AffectPoint(float.NaN, float.NaN);
        if ((features.Flags & FrameFlags.InvalidFeatures) == 0)
        {
            point = _engine.Step(features.ModelInput);
            if (!point.IsFinite)
            {
                _engine.Reset();
                reading.Flags |= FrameFlags.StateReset | FrameFlags.InvalidFeatures;
            }
        }

        reading.Point = point;
        reading.Quadrant = Circumplex.QuadrantOf(point);
        reading.Label = Circumplex.Label(point);
        reading.Intensity = Circumplex.Intensity(point);
        if (point.IsFinite)
        {
            Remember(point);
            Forecast(ref reading);
        }
        reading.WallTime = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        reading.Timeline.Inferred = Stopwatch.GetTimestamp();
        return reading;
    }

    private void Remember(AffectPoint point)
    {
        if (!_hasHistory)
        {
            // The first reading stands in for the unseen past: a flat history, so the forecaster has a full
            // window (and says "no movement yet") from the first frame on.
            Array.Fill(_history, point);
            _hasHistory = true;
            return;
        }
        Array.Copy(_history, 1, _history, 0, _history.Length - 1);
        _history[^1] = point;
    }

    private void Forecast(ref EmotionReading reading)
    {
        _forecaster.Predict(_history, _forecast);
        _forecast.AsSpan().CopyTo(reading.Forecast);
        reading.ForecastCount = _forecast.Length;
    }
}
