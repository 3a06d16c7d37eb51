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

        (int folds, int[] foldOf) = RidgeSelection.Folds(samples, seed: 15);

        Assert.Equal(5, folds);
        foreach (IGrouping<string?, int> track in Enumerable.Range(0, 21).GroupBy(i => samples[i].Track))
        {
            Assert.Single(track.Select(i => foldOf[i]).Distinct());
        }
        Assert.Equal(5, foldOf.Distinct().Count());
    }

    [Fact]
    public void LabelsFromFewerTracksThanFiveAreHeldOutOneTrackPerFold()
    {
        CalibrationSample[] samples = Enumerable.Range(0, 10).Select(i => Sample($"track {i % 3}")).ToArray();

        (int folds, int[] foldOf) = RidgeSelection.Folds(samples, seed: 15);

        Assert.Equal(3, folds);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(foldOf[i % 3], foldOf[i]));
        Assert.Equal(3, foldOf.Distinct().Count());
    }

    [Fact]
    public void LabelsOfOneTrackAreDealtOneByOne()
    {
        CalibrationSample[] samples = Enumerable.Range(0, 10).Select(_ => Sample("track")).ToArray();

        (int folds, int[] foldOf) = RidgeSelection.Folds(samples, seed: 15);

        Assert.Equal(5, folds);
        Assert.All(Enumerable.Range(0, 5), fold => Assert.Equal(2, foldOf.Count(f => f == fold)));
    }

    [Fact]
    public void ACorrectionThatOnlySuitsTheTwoTracksLabelledIsNotTrusted()
    {
        // The listener agrees with the model; each track is off in its own way (one reads 0.4 too calm, the other
        // 0.4 too sad). Moment by moment an average shift looks like a gain; track by track it does not carry over.
        var random = new Random(7);
        CalibrationSample[] samples = Enumerable.Range(0, 20).Select(i =>
        {
            var reading = new AffectPoint((float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5));
            float noise = (float)(random.NextDouble() - 0.5) * 0.02f;
            AffectPoint felt = i % 2 == 0
                ? new AffectPoint(reading.Arousal + 0.4f + noise, reading.Valence)
                : new AffectPoint(reading.Arousal, reading.Valence + 0.4f + noise);
            return new CalibrationSample(reading, felt, Track: $"track {i % 2}");
        }).ToArray();

        AffineFit byTrack = AffineCalibrator.Fit(samples);
        AffineFit byMoment = AffineCalibrator.Fit([.. samples.Select(s => s with { Track = null })]);

        Assert.Equal(2, byTrack.Folds);
        Assert.True(double.IsPositiveInfinity(byTrack.Lambda), $"lambda {byTrack.Lambda}: {byTrack.CvRmseBefore} -> {byTrack.CvRmseAfter}");
        Assert.False(double.IsPositiveInfinity(byMoment.Lambda), $"{byMoment.CvRmseBefore} -> {byMoment.CvRmseAfter}");
    }

    private static CalibrationSample Sample(string track) => new(new AffectPoint(0, 0), new AffectPoint(0, 0), Track: track);
}
