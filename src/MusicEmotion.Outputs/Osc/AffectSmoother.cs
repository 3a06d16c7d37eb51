using MusicEmotion.Inference;

namespace MusicEmotion.Outputs.Osc;

/// <summary>
/// Exponential smoothing of (arousal, valence) for visuals that should glide rather than jump twice a second.
/// The weight of each new reading follows from the time since the last one, alpha = 1 - exp(-dt / tau), so a
/// dropped frame or an uneven pace smooths the same as a steady stream, and after tau seconds of a constant
/// input the output has covered 63 % of the step. A reading without a point leaves the state alone.
/// </summary>
public struct AffectSmoother
{
    private readonly double _timeConstant;
    private double _lastTime;
    private bool _started;

    /// <param name="timeConstantSeconds">tau: how long the smoothed value takes to cover 63 % of a step.</param>
    public AffectSmoother(double timeConstantSeconds)
    {
        if (!double.IsFinite(timeConstantSeconds) || timeConstantSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeConstantSeconds), timeConstantSeconds, "the time constant must be a positive number of seconds");
        }
        _timeConstant = timeConstantSeconds;
    }

    public AffectPoint Value { get; private set; }

    /// <summary>Takes a reading at <paramref name="streamTime"/> seconds and returns the smoothed point.</summary>
    public AffectPoint Add(AffectPoint point, double streamTime)
    {
        if (!point.IsFinite)
        {
            return Value;
        }
        if (!_started || streamTime <= _lastTime)
        {
            // The first reading, or the stream started over (a new track, a loop): nothing to glide from.
            Value = point;
        }
        else
        {
            float alpha = (float)(1 - Math.Exp(-(streamTime - _lastTime) / _timeConstant));
            Value = new AffectPoint(
                Value.Arousal + (alpha * (point.Arousal - Value.Arousal)),
                Value.Valence + (alpha * (point.Valence - Value.Valence)));
        }
        _started = true;
        _lastTime = streamTime;
        return Value;
    }

    /// <summary>Forgets the past: the next reading starts the smoothing afresh.</summary>
    public void Reset() => _started = false;
}
