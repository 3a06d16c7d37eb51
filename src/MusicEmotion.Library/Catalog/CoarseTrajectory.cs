using MusicEmotion.Inference;

namespace MusicEmotion.Library.Catalog;

/// <summary>
/// A track's readings averaged over fixed stretches of time: on the real time scale (unlike the contour), so a
/// profile of a given duration can be slid along a long track to find the segment that follows it, and four times
/// smaller than the trajectory, so a catalog of many tracks fits in memory.
/// </summary>
public sealed record CoarseTrajectory(AffectPoint[] Points)
{
    /// <summary>Seconds each point covers (four readings).</summary>
    public const float SecondsPerPoint = 2f;

    private const int ReadingsPerPoint = 4;

    public static CoarseTrajectory Of(ReadOnlySpan<AffectPoint> readings)
    {
        var points = new AffectPoint[(readings.Length + ReadingsPerPoint - 1) / ReadingsPerPoint];
        for (int i = 0; i < points.Length; i++)
        {
            int start = i * ReadingsPerPoint;
            points[i] = AffectSeries.Mean(readings[start..Math.Min(start + ReadingsPerPoint, readings.Length)]);
        }
        return new CoarseTrajectory(points);
    }
}
