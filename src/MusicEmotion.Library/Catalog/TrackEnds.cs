using MusicEmotion.Inference;

namespace MusicEmotion.Library.Catalog;

/// <summary>How a track opens and how it ends: what the next-track cost compares.</summary>
public sealed record TrackEnds(EndShape Opening, EndShape Ending)
{
    /// <summary>The opening's direction and level are taken over this much of the start (the "first 30 s").</summary>
    public const float OpeningSeconds = 30f;

    /// <summary>The ending's direction and level are taken over this much of the end.</summary>
    public const float EndingSeconds = 10f;

    /// <summary>Where a track starts or stops is the mean over this much time, so one odd frame does not decide it.</summary>
    public const float PointSeconds = 5f;

    private const float ReadingsPerSecond = 2f;

    public static TrackEnds Of(ReadOnlySpan<TrajectoryPoint> readings)
    {
        int opening = Count(OpeningSeconds, readings.Length);
        int ending = Count(EndingSeconds, readings.Length);
        int point = Count(PointSeconds, readings.Length);
        return new TrackEnds(
            Shape(readings[..opening], readings[..point]),
            Shape(readings[^ending..], readings[^point..]));
    }

    private static int Count(float seconds, int available) => Math.Clamp((int)(seconds * ReadingsPerSecond), 1, available);

    private static EndShape Shape(ReadOnlySpan<TrajectoryPoint> window, ReadOnlySpan<TrajectoryPoint> where)
    {
        AffectPoint slopePerReading = AffectSeries.Slope(Points(window));
        double level = 0;
        foreach (TrajectoryPoint reading in window)
        {
            level += reading.Level * reading.Level;
        }
        return new EndShape(
            AffectSeries.Mean(Points(where)),
            new AffectPoint(slopePerReading.Arousal * ReadingsPerSecond, slopePerReading.Valence * ReadingsPerSecond),
            Decibels(Math.Sqrt(level / window.Length)));
    }

    private static AffectPoint[] Points(ReadOnlySpan<TrajectoryPoint> readings)
    {
        var points = new AffectPoint[readings.Length];
        for (int i = 0; i < readings.Length; i++)
        {
            points[i] = new AffectPoint(readings[i].Arousal, readings[i].Valence);
        }
        return points;
    }

    /// <summary>dBFS, floored at -120 so digital silence stays a number.</summary>
    private static float Decibels(double rms) => (float)Math.Max(-120, 20 * Math.Log10(Math.Max(rms, 1e-6)));
}

/// <summary>One end of a track.</summary>
/// <param name="Point">Mean position over the first (or last) <see cref="TrackEnds.PointSeconds"/>.</param>
/// <param name="Slope">Arousal and valence change per second over the opening (or ending) window.</param>
/// <param name="LevelDb">RMS level over that window, dBFS: the energy a listener hears.</param>
public sealed record EndShape(AffectPoint Point, AffectPoint Slope, float LevelDb);
