using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Search;

/// <summary>
/// Ranks tracks by how smoothly their opening continues where the music is now (the end of a track, or a live
/// reading with its forecast): cost = distance + 0.5 * direction + 0.5 * energy, where
/// distance is the Euclidean distance from the candidate's opening point (mean of its first 5 s) to the expected
/// point (where the music is, continued along its current slope for <see cref="LookAheadSeconds"/>, kept inside
/// [-1, 1]); direction is (1 - cos of the angle between the two slopes) / 2, 0 for the same heading, 1 for the
/// opposite, 0.5 when either barely moves; energy is the level step in dB divided by <see cref="EnergyScaleDb"/>,
/// at most 1. Lower is smoother.
/// </summary>
public static class NextTrackCost
{
    public const float LookAheadSeconds = 5f;

    public const float EnergyScaleDb = 20f;

    public const float DirectionWeight = 0.5f;

    public const float EnergyWeight = 0.5f;

    /// <summary>Slopes below this (circumplex units a second) have no direction worth matching.</summary>
    private const float StillSlope = 0.005f;

    /// <summary>The next tracks after <paramref name="now"/>, cheapest first, leaving out <paramref name="excludeId"/>.</summary>
    public static IReadOnlyList<SearchHit> Rank(CatalogIndex index, EndShape now, int limit, long? excludeId = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(now);
        var best = new BestHits(limit);
        EndShape[] openings = index.Openings;
        for (int i = 0; i < openings.Length; i++)
        {
            if (index.Tracks[i].Id != excludeId)
            {
                best.Offer(i, Cost(now, openings[i]));
            }
        }
        return best.Ranked().Select(hit => new SearchHit(index.Tracks[hit.Index], hit.Distance)).ToArray();
    }

    public static double Cost(EndShape now, EndShape opening)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(opening);
        var expected = new AffectPoint(
            Math.Clamp(now.Point.Arousal + now.Slope.Arousal * LookAheadSeconds, -1f, 1f),
            Math.Clamp(now.Point.Valence + now.Slope.Valence * LookAheadSeconds, -1f, 1f));
        double distance = AffectSeries.Distance(expected, opening.Point);
        double energy = Math.Min(1.0, Math.Abs(opening.LevelDb - now.LevelDb) / EnergyScaleDb);
        return distance + DirectionWeight * Direction(now.Slope, opening.Slope) + EnergyWeight * energy;
    }

    private static double Direction(AffectPoint a, AffectPoint b)
    {
        double lengthA = Math.Sqrt(a.Arousal * a.Arousal + a.Valence * a.Valence);
        double lengthB = Math.Sqrt(b.Arousal * b.Arousal + b.Valence * b.Valence);
        if (lengthA < StillSlope || lengthB < StillSlope)
        {
            return 0.5;
        }
        double cosine = (a.Arousal * b.Arousal + a.Valence * b.Valence) / (lengthA * lengthB);
        return (1 - Math.Clamp(cosine, -1, 1)) / 2;
    }
}
