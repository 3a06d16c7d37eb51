using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MusicEmotion.Audio;

namespace MusicEmotion.Inference;

/// <summary>
/// What the product says about one 0.5 s frame: where the music sits on the circumplex, the words for it,
/// where it is heading, and the frame's identity and timeline. A value type with its forecast inline, so
/// fanning one reading out to several sinks copies it instead of sharing or allocating anything.
/// </summary>
public struct EmotionReading
{
    /// <summary>The most forecast points a reading carries (4 s ahead at 2 Hz).</summary>
    public const int MaxForecastSteps = 8;

    public long Sequence;

    /// <summary>Start of the frame, seconds of stream time.</summary>
    public double StartTime;

    /// <summary>When the reading was made, seconds since the Unix epoch.</summary>
    public double WallTime;

    /// <summary>(arousal, valence); NaN when no reading could be made (see <see cref="Flags"/>).</summary>
    public AffectPoint Point;

    public Quadrant Quadrant;

    /// <summary>Nearest affect term, "neutral" near the centre, "unknown" without a reading.</summary>
    public string Label;

    /// <summary>Distance from the centre.</summary>
    public float Intensity;

    public ForecastPoints Forecast;

    /// <summary>How many entries of <see cref="Forecast"/> are set.</summary>
    public int ForecastCount;

    public float Peak;

    public float Rms;

    public FrameFlags Flags;

    public FrameTimeline Timeline;

    public readonly double Arousal => Point.Arousal;

    public readonly double Valence => Point.Valence;

    public readonly bool HasPoint => Point.IsFinite;

    /// <summary>The forecast points that are set (a view into this reading: do not keep it past the reading).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<AffectPoint> ForecastSpan =>
        ((ReadOnlySpan<AffectPoint>)Forecast)[..ForecastCount];
}

/// <summary>Inline storage for a reading's forecast.</summary>
[InlineArray(EmotionReading.MaxForecastSteps)]
public struct ForecastPoints
{
    private AffectPoint _first;
}
