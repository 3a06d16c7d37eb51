using MusicEmotion.Inference;

namespace MusicEmotion.Library.Catalog;

/// <summary>Statistics and resampling of a sequence of circumplex points, shared by summaries, profiles and search.</summary>
public static class AffectSeries
{
    public static AffectPoint Mean(ReadOnlySpan<AffectPoint> points)
    {
        double arousal = 0, valence = 0;
        foreach (AffectPoint point in points)
        {
            arousal += point.Arousal;
            valence += point.Valence;
        }
        return new AffectPoint((float)(arousal / points.Length), (float)(valence / points.Length));
    }

    /// <summary>Population standard deviation of each coordinate.</summary>
    public static AffectPoint StandardDeviation(ReadOnlySpan<AffectPoint> points)
    {
        AffectPoint mean = Mean(points);
        double arousal = 0, valence = 0;
        foreach (AffectPoint point in points)
        {
            arousal += (point.Arousal - mean.Arousal) * (point.Arousal - mean.Arousal);
            valence += (point.Valence - mean.Valence) * (point.Valence - mean.Valence);
        }
        return new AffectPoint((float)Math.Sqrt(arousal / points.Length), (float)Math.Sqrt(valence / points.Length));
    }

    /// <summary>
    /// <paramref name="points"/> stretched or squeezed to <paramref name="length"/> points by linear interpolation,
    /// first and last points kept: a profile drawn with any number of points and a track of any duration meet on
    /// the same grid.
    /// </summary>
    public static AffectPoint[] Resample(ReadOnlySpan<AffectPoint> points, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (points.IsEmpty)
        {
            throw new ArgumentException("cannot resample an empty series", nameof(points));
        }
        var result = new AffectPoint[length];
        for (int i = 0; i < length; i++)
        {
            double position = length == 1 ? 0 : i * (points.Length - 1) / (double)(length - 1);
            int left = (int)Math.Floor(position);
            int right = Math.Min(left + 1, points.Length - 1);
            float weight = (float)(position - left);
            result[i] = new AffectPoint(
                points[left].Arousal + (points[right].Arousal - points[left].Arousal) * weight,
                points[left].Valence + (points[right].Valence - points[left].Valence) * weight);
        }
        return result;
    }

    /// <summary>Least-squares slope of each coordinate per step, zero for fewer than two points.</summary>
    public static AffectPoint Slope(ReadOnlySpan<AffectPoint> points)
    {
        if (points.Length < 2)
        {
            return default;
        }
        double meanIndex = (points.Length - 1) / 2.0;
        AffectPoint mean = Mean(points);
        double arousal = 0, valence = 0, spread = 0;
        for (int i = 0; i < points.Length; i++)
        {
            double x = i - meanIndex;
            arousal += x * (points[i].Arousal - mean.Arousal);
            valence += x * (points[i].Valence - mean.Valence);
            spread += x * x;
        }
        return new AffectPoint((float)(arousal / spread), (float)(valence / spread));
    }

    public static float Distance(AffectPoint a, AffectPoint b)
    {
        float arousal = a.Arousal - b.Arousal, valence = a.Valence - b.Valence;
        return MathF.Sqrt(arousal * arousal + valence * valence);
    }
}
