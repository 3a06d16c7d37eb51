using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;

namespace MusicEmotion.Tests.Calibration;

/// <summary>How the calibrators deal labels to cross-validation folds.</summary>
public sealed class RidgeSelectionTests
{
    [Fact]
    public void LabelsFromEnoughTracksAreHeldOutATrackAtATime()
    {
        // Seven tracks, three labels each: a fold never holds part of a track.
        CalibrationSample[] samples = Enumerable.Range(0, 21).Select(i => Sample($"track {i % 7}")).ToArray();

        int[] foldOf = RidgeSelection.FoldAssignment(samples, 5, seed: 15);

        foreach (IGrouping<string?, int> track in Enumerable.Range(0, 21).GroupBy(i => samples[i].Track))
        {
            Assert.Single(track.Select(i => foldOf[i]).Distinct());
        }
        Assert.Equal(5, foldOf.Distinct().Count());
    }

    [Fact]
    public void LabelsFromFewerTracksThanFoldsAreDealtOneByOne()
    {
        CalibrationSample[] samples = Enumerable.Range(0, 10).Select(i => Sample($"track {i % 2}")).ToArray();

        int[] foldOf = RidgeSelection.FoldAssignment(samples, 5, seed: 15);

        Assert.All(Enumerable.Range(0, 5), fold => Assert.Equal(2, foldOf.Count(f => f == fold)));
    }

    private static CalibrationSample Sample(string track) => new(new AffectPoint(0, 0), new AffectPoint(0, 0), Track: track);
}
