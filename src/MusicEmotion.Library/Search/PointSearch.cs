using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Search;

/// <summary>
/// Tracks nearest a point of the circumplex by their summary: the Euclidean distance in the (arousal, valence)
/// plane from the point to the track's mean reading. Optionally only tracks within a radius.
/// </summary>
public static class PointSearch
{
    public static IReadOnlyList<SearchHit> Nearest(CatalogIndex index, AffectPoint point, int limit, double? radius = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var best = new BestHits(limit);
        AffectPoint[] means = index.Means;
        for (int i = 0; i < means.Length; i++)
        {
            double distance = AffectSeries.Distance(point, means[i]);
            if (radius is null || distance <= radius)
            {
                best.Offer(i, distance);
            }
        }
        return best.Ranked().Select(hit => new SearchHit(index.Tracks[hit.Index], hit.Distance)).ToArray();
    }
}
