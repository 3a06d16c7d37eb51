using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Feed;

/// <summary>
/// One reading as the view shows it: where the music is on the circumplex, how loud the input was, and
/// where the forecaster expects it to go. A plain value with no references but the (interned) label, so
/// the feed can copy it into a pre-allocated ring and the render thread can copy it out, both without
/// allocating.
/// </summary>
public readonly struct ViewReading
{
    /// <summary>The most forecast points a reading carries (8 s at the model's half-second steps).</summary>
    public const int MaxForecastSteps = 16;

    private readonly ForecastBuffer _forecast;
    private readonly int _forecastCount;

    /// <param name="streamSeconds">Stream time of the reading (end of its frame), in seconds.</param>
    /// <param name="point">Arousal and valence.</param>
    /// <param name="level">Input level of the frame.</param>
    /// <param name="forecast">Predicted points, nearest horizon first; empty when there is no forecaster.</param>
    /// <param name="label">The affect term; by default <see cref="Circumplex.Label"/> of the point.</param>
    public ViewReading(
        double streamSeconds, AffectPoint point, InputLevel level, ReadOnlySpan<ForecastPoint> forecast, string? label = null)
    {
        if (!double.IsFinite(streamSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(streamSeconds), streamSeconds, "stream time must be finite");
        }
        if (forecast.Length > MaxForecastSteps)
        {
            throw new ArgumentException(
                $"a reading carries at most {MaxForecastSteps} forecast points, got {forecast.Length}", nameof(forecast));
        }
        StreamSeconds = streamSeconds;
        Point = point;
        Quadrant = Circumplex.QuadrantOf(point);
        Label = label ?? Circumplex.Label(point);
        Level = level;
        forecast.CopyTo(_forecast);
        _forecastCount = forecast.Length;
    }

    public double StreamSeconds { get; }

    public AffectPoint Point { get; }

    public Quadrant Quadrant { get; }

    public string Label { get; }

    public InputLevel Level { get; }

    /// <summary>
    /// The forecast points. The span refers to this reading's own storage: read it from a reading held in
    /// an array or passed by reference, not from a temporary copy.
    /// </summary>
    [UnscopedRef]
    public ReadOnlySpan<ForecastPoint> Forecast => ((ReadOnlySpan<ForecastPoint>)_forecast)[.._forecastCount];

    [InlineArray(MaxForecastSteps)]
    private struct ForecastBuffer
    {
        private ForecastPoint _element;
    }
}

/// <summary>
/// A predicted point <paramref name="HorizonSeconds"/> after the reading it belongs to, with its spread
/// (a radius on the circumplex, 0 when the model gives none).
/// </summary>
public readonly record struct ForecastPoint(float HorizonSeconds, AffectPoint Point, float Spread = 0f);

/// <summary>Input level of a frame: RMS and peak of the samples, linear full scale (1 = 0 dBFS).</summary>
public readonly record struct InputLevel(float Rms, float Peak)
{
    /// <summary>Level shown for silence, in dBFS: the bottom of the meter.</summary>
    public const float FloorDb = -60f;

    public float RmsDb => ToDb(Rms);

    public float PeakDb => ToDb(Peak);

    private static float ToDb(float linear) =>
        linear > 0 && float.IsFinite(linear) ? MathF.Max(FloorDb, 20f * MathF.Log10(linear)) : FloorDb;
}
