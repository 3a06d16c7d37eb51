using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Search;

/// <summary>
/// Tracks whose course follows a drawn profile, by banded DTW with LB_Kim and LB_Keogh pruning.
/// Without a duration the profile stands for a whole track: it is stretched to the contour length and compared with
/// every track's contour. With a duration of S seconds it stands for S seconds of music: it is laid on the coarse
/// trajectories' time scale and slid along each track, and a track's distance is that of its best segment. The
/// distance reported is the root of the mean squared point distance along the warping path, in circumplex units.
/// </summary>
public sealed class ProfileSearch
{
    /// <summary>The Sakoe-Chiba band as a share of the series length (at least one point).</summary>
    public const double BandShare = 0.1;

    private readonly Dtw _dtw = new();

    /// <summary>Candidates DTW was run on in the last search (the rest were pruned by the lower bound).</summary>
    public int DtwRuns { get; private set; }

    public IReadOnlyList<SearchHit> Search(CatalogIndex index, EmotionProfile profile, int limit, double? durationSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        AffectPoint[] given = [.. profile.Points];
        int length = durationSeconds is { } seconds
            ? Math.Max(2, (int)Math.Round(seconds / CoarseTrajectory.SecondsPerPoint))
            : Contour.Length;
        AffectPoint[] query = AffectSeries.Resample(given, length);
        int band = Math.Max(1, (int)Math.Ceiling(length * BandShare));
        var envelope = new KeoghEnvelope(query, band);
        var best = new BestHits(limit);
        var segmentStarts = new int[index.Tracks.Count];
        DtwRuns = 0;
        for (int i = 0; i < index.Tracks.Count; i++)
        {
            TrackSummary summary = index.Tracks[i].Summary!;
            (double distance, segmentStarts[i]) = durationSeconds is null
                ? (Match(query, summary.Contour.Points, envelope, band, best.Threshold), 0)
                : BestSegment(query, summary.Coarse.Points, envelope, band, best.Threshold);
            if (double.IsFinite(distance))
            {
                best.Offer(i, distance);
            }
        }
        return best.Ranked().Select(hit => new SearchHit(
            index.Tracks[hit.Index], Math.Sqrt(hit.Distance / length),
            durationSeconds is null ? null : segmentStarts[hit.Index] * CoarseTrajectory.SecondsPerPoint,
            durationSeconds is null ? null : Math.Min(index.Tracks[hit.Index].DurationSeconds, (segmentStarts[hit.Index] + length) * CoarseTrajectory.SecondsPerPoint)))
            .ToArray();
    }

    /// <summary>The best window of <paramref name="coarse"/>; a track shorter than the profile is stretched to it whole.</summary>
    private (double Distance, int Start) BestSegment(AffectPoint[] query, AffectPoint[] coarse, KeoghEnvelope envelope, int band, double threshold)
    {
        if (coarse.Length <= query.Length)
        {
            return (Match(query, AffectSeries.Resample(coarse, query.Length), envelope, band, threshold), 0);
        }
        double bestDistance = double.PositiveInfinity;
        int bestStart = 0;
        for (int start = 0; start + query.Length <= coarse.Length; start++)
        {
            double distance = Match(query, coarse.AsSpan(start, query.Length), envelope, band, Math.Min(threshold, bestDistance));
            if (distance < bestDistance)
            {
                (bestDistance, bestStart) = (distance, start);
            }
        }
        return (bestDistance, bestStart);
    }

    /// <summary>
    /// Cheapest test first: every warping path starts at the two first points and ends at the two last (LB_Kim's
    /// first-last bound, two distances); then LB_Keogh; only a candidate that passes both costs a DTW.
    /// </summary>
    private double Match(ReadOnlySpan<AffectPoint> query, ReadOnlySpan<AffectPoint> candidate, KeoghEnvelope envelope, int band, double threshold)
    {
        if (Dtw.Squared(query[0], candidate[0]) + Dtw.Squared(query[^1], candidate[^1]) > threshold
            || !double.IsFinite(envelope.LowerBound(candidate, threshold)))
        {
            return double.PositiveInfinity;
        }
        DtwRuns++;
        return _dtw.Distance(query, candidate, band, threshold);
    }
}
