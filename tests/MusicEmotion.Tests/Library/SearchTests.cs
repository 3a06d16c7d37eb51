using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Search;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// The searches on generated catalogs where the right answer is planted: DTW and its lower bound checked against
/// each other, the profile found whole and as a segment, point search, and the next-track cost.
/// </summary>
public sealed class SearchTests
{
    private static readonly Random Seeded = new(14);

    private static AffectPoint[] RandomSeries(Random random, int length) =>
        SyntheticCatalog.Walk(random, length).Select(point => new AffectPoint(point.Arousal, point.Valence)).ToArray();

    private static TrajectoryPoint[] Readings(IEnumerable<AffectPoint> points) =>
        points.Select((point, i) => new TrajectoryPoint(i * 0.5f, point.Arousal, point.Valence, 0.1f, FrameFlags.None)).ToArray();

    [Fact]
    public void TheLowerBoundNeverExceedsTheWarpedDistance()
    {
        var dtw = new Dtw();
        for (int trial = 0; trial < 300; trial++)
        {
            int length = Seeded.Next(2, 80), band = Seeded.Next(0, 10);
            AffectPoint[] query = RandomSeries(Seeded, length), candidate = RandomSeries(Seeded, length);

            double bound = new KeoghEnvelope(query, band).LowerBound(candidate);
            double distance = dtw.Distance(query, candidate, band);

            Assert.True(bound <= distance + 1e-9, $"trial {trial}: LB_Keogh {bound} > DTW {distance} (length {length}, band {band})");
        }
    }

    [Fact]
    public void WarpingFindsAShiftedCopyCheaperThanPointByPoint()
    {
        AffectPoint[] series = RandomSeries(Seeded, 40);
        AffectPoint[] shifted = [series[0], series[0], .. series[..^2]];
        var dtw = new Dtw();

        double warped = dtw.Distance(series, shifted, band: 4);
        double rigid = dtw.Distance(series, shifted, band: 0);

        Assert.Equal(series.Zip(shifted).Sum(pair => Dtw.Squared(pair.First, pair.Second)), rigid, 9);
        Assert.True(warped < rigid / 4, $"warped {warped}, rigid {rigid}");
        Assert.Equal(0, dtw.Distance(series, series, band: 3));
        Assert.Equal(double.PositiveInfinity, dtw.Distance(series, shifted, band: 0, abandonAbove: rigid / 2));
    }

    [Fact]
    public void AWholeTrackProfileFindsTheTrackThatRisesLikeIt()
    {
        List<TrackRecord> tracks = [.. SyntheticCatalog.Generate(500, seed: 3)];
        // Calm and sad rising to excited and happy, over three minutes: drawn with four points.
        AffectPoint[] rising = AffectSeries.Resample([new(-0.7f, -0.6f), new(-0.3f, -0.2f), new(0.3f, 0.3f), new(0.8f, 0.7f)], 360);
        tracks.Add(SyntheticCatalog.Track(9999, Readings(rising)));

        var search = new ProfileSearch();
        IReadOnlyList<SearchHit> hits = search.Search(new CatalogIndex(tracks), EmotionProfile.Parse("-0.7,-0.6; 0.8,0.7"), limit: 3);

        Assert.Equal(9999, hits[0].Track.Id);
        Assert.True(hits[0].Distance < 0.15, $"distance {hits[0].Distance}");
        Assert.True(search.DtwRuns < tracks.Count / 2, $"the lower bound pruned too little: DTW on {search.DtwRuns} of {tracks.Count}");
        Assert.Null(hits[0].SegmentStart);
    }

    [Fact]
    public void AProfileWithADurationFindsTheSegmentInsideALongTrack()
    {
        List<TrackRecord> tracks = [.. SyntheticCatalog.Generate(300, seed: 4)];
        // Four minutes wandering, with a 20-second plunge from excited-happy to calm-sad starting at 2:00.
        AffectPoint[] around = RandomSeries(new Random(5), 480);
        AffectPoint[] plunge = AffectSeries.Resample([new(0.8f, 0.8f), new(-0.8f, -0.8f)], 40);
        plunge.CopyTo(around, 240);
        tracks.Add(SyntheticCatalog.Track(7777, Readings(around)));

        SearchHit best = new ProfileSearch().Search(new CatalogIndex(tracks), EmotionProfile.Parse("0.8,0.8; -0.8,-0.8"), 5, durationSeconds: 20)[0];

        Assert.Equal(7777, best.Track.Id);
        Assert.InRange(best.SegmentStart!.Value, 116, 124);
        Assert.Equal(best.SegmentStart + 20, best.SegmentEnd);
    }

    [Fact]
    public void PointSearchRanksByDistanceToTheMeanAndKeepsToTheRadius()
    {
        var index = new CatalogIndex(SyntheticCatalog.Generate(400, seed: 6));
        var point = new AffectPoint(0.4f, -0.2f);

        IReadOnlyList<SearchHit> hits = PointSearch.Nearest(index, point, limit: 20);
        IReadOnlyList<SearchHit> near = PointSearch.Nearest(index, point, limit: 400, radius: 0.15);

        double[] expected = index.Tracks.Select(track => (double)AffectSeries.Distance(point, track.Summary!.Mean)).Order().Take(20).ToArray();
        Assert.Equal(expected, hits.Select(hit => hit.Distance));
        Assert.Equal(index.Tracks.Count(track => AffectSeries.Distance(point, track.Summary!.Mean) <= 0.15), near.Count);
        Assert.All(near, hit => Assert.True(hit.Distance <= 0.15));
    }

    [Fact]
    public void TheNextTrackIsTheOneThatOpensWhereTheLastEndsHeadingTheSameWay()
    {
        var ending = new EndShape(new AffectPoint(0.2f, 0.2f), new AffectPoint(0.02f, 0), -20);
        var continues = new EndShape(new AffectPoint(0.3f, 0.2f), new AffectPoint(0.02f, 0), -21);
        var reverses = new EndShape(new AffectPoint(0.3f, 0.2f), new AffectPoint(-0.02f, 0), -21);
        var jumps = new EndShape(new AffectPoint(0.3f, 0.2f), new AffectPoint(0.02f, 0), -3);
        var elsewhere = new EndShape(new AffectPoint(-0.6f, -0.5f), new AffectPoint(0.02f, 0), -20);

        double[] costs = [.. new[] { continues, reverses, jumps, elsewhere }.Select(opening => NextTrackCost.Cost(ending, opening))];

        // Expected point (0.3, 0.2): distance 0 for the first three; direction 0 or 1 (x 0.5); energy 1/20 or 17/20 (x 0.5).
        Assert.Equal(0.025, costs[0], 5);
        Assert.Equal(0.525, costs[1], 5);
        Assert.Equal(0.425, costs[2], 5);
        Assert.True(costs[3] > 1, $"a far opening costs {costs[3]}");
    }

    [Fact]
    public void NextLeavesOutTheTrackItFollows()
    {
        var index = new CatalogIndex(SyntheticCatalog.Generate(50, seed: 8));
        TrackRecord playing = index.Tracks[10];

        IReadOnlyList<SearchHit> hits = NextTrackCost.Rank(index, playing.Summary!.Ends.Ending, limit: 49, excludeId: playing.Id);

        Assert.Equal(49, hits.Count);
        Assert.DoesNotContain(hits, hit => hit.Track.Id == playing.Id);
        Assert.Equal(hits.Select(hit => hit.Distance).Order(), hits.Select(hit => hit.Distance));
    }
}
