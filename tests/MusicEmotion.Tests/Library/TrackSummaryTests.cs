using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Tests.Library;

/// <summary>The song summary from readings whose shares, means and ends are known by construction.</summary>
public sealed class TrackSummaryTests
{
    private static TrajectoryPoint At(int index, float arousal, float valence, float level = 0.1f) =>
        new(index * 0.5f, arousal, valence, level, FrameFlags.None);

    [Fact]
    public void SharesCountReadingsPerQuadrantAndPerValenceBand()
    {
        TrajectoryPoint[] readings =
        [
            At(0, 0.5f, 0.5f), At(1, 0.5f, 0.05f), At(2, -0.5f, -0.5f), At(3, -0.5f, -0.1f),
            At(4, 0.2f, -0.3f), new(2.5f, float.NaN, float.NaN, 0, FrameFlags.InvalidFeatures),
        ];

        TrackSummary summary = TrackSummary.Of(readings)!;

        Assert.Equal(5, summary.Readings);
        Assert.Equal([0.4f, 0.2f, 0f, 0.4f], summary.QuadrantShares);
        // 0.05 and -0.1 lie inside the neutral band (|v| <= 0.1), 0.5 above it, -0.5 and -0.3 below.
        Assert.Equal((0.2f, 0.4f, 0.4f), (summary.PositiveShare, summary.NeutralShare, summary.NegativeShare));
        Assert.Equal(Quadrant.ActivePositive, summary.DominantQuadrant);
        Assert.Equal(0.04f, summary.Mean.Arousal, 5);
        Assert.Equal(-0.07f, summary.Mean.Valence, 5);
    }

    [Fact]
    public void TheContourHasAFixedLengthAndKeepsTheEnds()
    {
        TrajectoryPoint[] readings = Enumerable.Range(0, 7).Select(i => At(i, i / 10f, -i / 10f)).ToArray();

        Contour contour = TrackSummary.Of(readings)!.Contour;

        Assert.Equal(Contour.Length, contour.Points.Length);
        Assert.Equal(new AffectPoint(0, 0), contour.Points[0]);
        Assert.Equal(0.6f, contour.Points[^1].Arousal, 6);
        Assert.Equal(0.3f, contour.Points[Contour.Length / 2].Arousal, 1);
    }

    [Fact]
    public void TheCoarseTrajectoryAveragesTwoSecondsPerPoint()
    {
        TrajectoryPoint[] readings = Enumerable.Range(0, 10).Select(i => At(i, i < 4 ? 0.2f : i < 8 ? -0.2f : 0.6f, 0)).ToArray();

        AffectPoint[] coarse = TrackSummary.Of(readings)!.Coarse.Points;

        Assert.Equal([0.2f, -0.2f, 0.6f], coarse.Select(point => point.Arousal));
    }

    [Fact]
    public void TheEndsSayWhereATrackStartsAndStopsAndWhereItHeads()
    {
        // Two minutes rising steadily in arousal, 0.0075 a reading = 0.015 a second, at a level of 0.1 (-20 dB).
        TrajectoryPoint[] readings = Enumerable.Range(0, 240).Select(i => At(i, -0.9f + i * 0.0075f, 0.3f)).ToArray();

        TrackEnds ends = TrackSummary.Of(readings)!.Ends;

        Assert.Equal(0.015f, ends.Opening.Slope.Arousal, 4);
        Assert.Equal(0.015f, ends.Ending.Slope.Arousal, 4);
        Assert.Equal(0f, ends.Ending.Slope.Valence, 5);
        Assert.Equal(-0.9f + 4.5f * 0.0075f, ends.Opening.Point.Arousal, 4);
        Assert.Equal(-0.9f + 234.5f * 0.0075f, ends.Ending.Point.Arousal, 4);
        Assert.Equal(-20f, ends.Ending.LevelDb, 3);
    }

    [Fact]
    public void ATrackWithoutAnyReadingHasNoSummary() =>
        Assert.Null(TrackSummary.Of([new TrajectoryPoint(0, float.NaN, float.NaN, 0, FrameFlags.InvalidFeatures)]));
}
