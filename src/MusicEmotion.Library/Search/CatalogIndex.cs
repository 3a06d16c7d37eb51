using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Search;

/// <summary>
/// The indexed tracks in memory, with what searching reads: summaries, contours, coarse trajectories and ends (a
/// few kilobytes a track; full trajectories stay in the database). Loaded once per command.
/// </summary>
public sealed class CatalogIndex
{
    public CatalogIndex(IEnumerable<TrackRecord> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Tracks = tracks.Where(track => track.Summary is not null).ToArray();
        Means = Tracks.Select(track => track.Summary!.Mean).ToArray();
        Openings = Tracks.Select(track => track.Summary!.Ends.Opening).ToArray();
    }

    /// <summary>Indexed tracks only; each has a <see cref="TrackRecord.Summary"/>.</summary>
    public IReadOnlyList<TrackRecord> Tracks { get; }

    /// <summary>Each track's mean reading, side by side: point search reads nothing else, so it streams one array.</summary>
    internal AffectPoint[] Means { get; }

    /// <summary>Each track's opening, side by side, for the next-track cost.</summary>
    internal EndShape[] Openings { get; }

    public static CatalogIndex Load(Storage.ILibraryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new CatalogIndex(store.Tracks());
    }

    /// <summary>
    /// The same tracks as a listener's calibration would have read them: each stored trajectory passed through
    /// <paramref name="map"/> and summarised again, so a search follows the correction without decoding any audio.
    /// The map is applied reading by reading, not to the summaries: it clamps, so a mapped mean is not the mean mapped.
    /// </summary>
    public CatalogIndex Calibrated(Storage.ILibraryStore store, AffineCalibration map)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new CatalogIndex(Tracks.Select(track =>
        {
            TrajectoryPoint[] mapped = store.Trajectory(track.Id).Select(point =>
            {
                if (!point.HasReading)
                {
                    return point;
                }
                AffectPoint reading = map.Apply(new AffectPoint(point.Arousal, point.Valence));
                return point with { Arousal = reading.Arousal, Valence = reading.Valence };
            }).ToArray();
            return track with { Summary = TrackSummary.Of(mapped) };
        }));
    }
}

/// <summary>One result of a search: the track, how far it is from what was asked, and where in it the match lies.</summary>
/// <param name="Track">The matching track.</param>
/// <param name="Distance">Smaller is closer; what it measures depends on the search (README: Music library).</param>
/// <param name="SegmentStart">Start of the best-matching segment in seconds (profile search with a duration).</param>
/// <param name="SegmentEnd">End of that segment in seconds.</param>
public sealed record SearchHit(TrackRecord Track, double Distance, double? SegmentStart = null, double? SegmentEnd = null);
