using MusicEmotion.Inference;

namespace MusicEmotion.Library.Catalog;

/// <summary>
/// What a track is like as a whole, computed once at scan time from its readings (frames without a reading are left
/// out): where it sits on average and how far it wanders, how its time divides among the quadrants and among
/// positive / neutral / negative valence, its shape as a fixed-length contour, and how it opens and ends.
/// </summary>
public sealed record TrackSummary
{
    /// <summary>
    /// Valence within this distance of zero counts as neutral in <see cref="NeutralShare"/>: the same radius the
    /// circumplex uses to call a point "neutral" rather than name the direction noise points in.
    /// </summary>
    public const float NeutralValenceBand = Circumplex.NeutralRadius;

    /// <summary>Readings that went into the summary.</summary>
    public required int Readings { get; init; }

    public required AffectPoint Mean { get; init; }

    /// <summary>Population standard deviation of arousal and valence.</summary>
    public required AffectPoint Spread { get; init; }

    /// <summary>Share of readings in each quadrant, indexed by <see cref="Quadrant"/>; they sum to 1.</summary>
    public required IReadOnlyList<float> QuadrantShares { get; init; }

    /// <summary>Share of readings with valence above the neutral band.</summary>
    public required float PositiveShare { get; init; }

    /// <summary>Share of readings with |valence| at most <see cref="NeutralValenceBand"/>.</summary>
    public required float NeutralShare { get; init; }

    /// <summary>Share of readings with valence below the neutral band.</summary>
    public required float NegativeShare { get; init; }

    /// <summary>The quadrant with the largest share (the first in enum order on a tie).</summary>
    public Quadrant DominantQuadrant
    {
        get
        {
            int best = 0;
            for (int q = 1; q < QuadrantShares.Count; q++)
            {
                best = QuadrantShares[q] > QuadrantShares[best] ? q : best;
            }
            return (Quadrant)best;
        }
    }

    /// <summary>The readings resampled to <see cref="Contour.Length"/> points: the whole track's shape, time-normalised.</summary>
    public required Contour Contour { get; init; }

    /// <summary>The readings averaged to one point per <see cref="CoarseTrajectory.SecondsPerPoint"/> s, for segment search.</summary>
    public required CoarseTrajectory Coarse { get; init; }

    /// <summary>How the track opens and how it ends, for choosing what plays next.</summary>
    public required TrackEnds Ends { get; init; }

    /// <summary>The summary of <paramref name="trajectory"/>, or null when no frame has a reading.</summary>
    public static TrackSummary? Of(IReadOnlyList<TrajectoryPoint> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        TrajectoryPoint[] readings = trajectory.Where(point => point.HasReading).ToArray();
        if (readings.Length == 0)
        {
            return null;
        }
        AffectPoint[] points = readings.Select(point => new AffectPoint(point.Arousal, point.Valence)).ToArray();
        var quadrants = new float[4];
        int positive = 0, negative = 0;
        foreach (AffectPoint point in points)
        {
            quadrants[(int)Circumplex.QuadrantOf(point)]++;
            positive += point.Valence > NeutralValenceBand ? 1 : 0;
            negative += point.Valence < -NeutralValenceBand ? 1 : 0;
        }
        float count = points.Length;
        return new TrackSummary
        {
            Readings = points.Length,
            Mean = AffectSeries.Mean(points),
            Spread = AffectSeries.StandardDeviation(points),
            QuadrantShares = quadrants.Select(n => n / count).ToArray(),
            PositiveShare = positive / count,
            NegativeShare = negative / count,
            NeutralShare = (count - positive - negative) / count,
            Contour = Contour.Of(points),
            Coarse = CoarseTrajectory.Of(points),
            Ends = TrackEnds.Of(readings),
        };
    }
}
