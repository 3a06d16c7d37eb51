using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// The calibrator against a simulated listener: readings spread over the circumplex, and a listener who hears them
/// through a known bias (valence shifted and scaled, arousal compressed, a small rotation) plus noise. Fitted on a
/// few labels, judged on other readings; repeated over several label draws.
/// </summary>
public sealed class AffineCalibratorTests(ITestOutputHelper output)
{
    private const int Draws = 8;

    [Fact]
    public void MoreLabelsNeverMakeTheBiasedListenersErrorWorseOnAverage()
    {
        double previous = double.PositiveInfinity;
        foreach (int labels in new[] { 5, 10, 20, 50 })
        {
            (double before, double after) = HeldOut(Biased, labels);
            (double unbiasedBefore, double unbiasedAfter) = HeldOut(p => p, labels);
            // The curve, logged for the README (dotnet test --logger "console;verbosity=detailed").
            output.WriteLine($"{labels} labels: biased {before:0.000} -> {after:0.000} ({100 * (1 - after / before):0}% lower); unbiased {unbiasedBefore:0.000} -> {unbiasedAfter:0.000}");
            Assert.True(after <= previous * 1.05, $"{labels} labels: {after:0.000}, after {previous:0.000} with fewer");
            previous = after;
        }
    }

    [Fact]
    public void TwentyLabelsCutABiasedListenersErrorByAtLeastFortyPercent()
    {
        (double before, double after) = HeldOut(Biased, labels: 20);
        Assert.True(after <= 0.6 * before, $"held-out RMSE {after:0.000} vs uncalibrated {before:0.000}");
    }

    [Fact]
    public void AListenerWithoutBiasIsNeverMadeWorse()
    {
        foreach (int labels in new[] { 5, 10, 20, 50 })
        {
            (double before, double after) = HeldOut(p => p, labels);
            // Noise only: the map should stay at (or near) the identity, so no worse than a hair above uncalibrated.
            Assert.True(after <= before * 1.03, $"{labels} labels: held-out RMSE {after:0.0000} vs uncalibrated {before:0.0000}");
        }
    }

    [Fact]
    public void FewerThanFiveLabelsAreRefusedSayingHowManyMoreAreNeeded()
    {
        CalibrationSample[] four = Samples(Biased, 4, new Random(1));
        var error = Assert.Throws<InvalidDataException>(() => AffineCalibrator.Fit(four));
        Assert.Contains("add 1 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BelowTenLabelsOnlyTheOffsetsMoveAndFromTenTheSlopesToo()
    {
        // Nine labels from a listener who feels everything 0.4 lower in valence: the map moves the readings, no more.
        AffineFit nine = AffineCalibrator.Fit(Samples(p => new AffectPoint(p.Arousal, p.Valence - 0.4f), 9, new Random(3)));
        Assert.False(nine.Slopes);
        Assert.True(nine.Map.ValenceOffset < -0.3f, $"valence offset {nine.Map.ValenceOffset}");
        Assert.Equal(new AffineCalibration(1, 0, nine.Map.ArousalOffset, 0, 1, nine.Map.ValenceOffset), nine.Map);

        // Ten from one who also feels it half as aroused: now the slopes are fitted too.
        static AffectPoint Listener(AffectPoint p) => new(0.5f * p.Arousal, p.Valence - 0.4f);
        AffineFit ten = AffineCalibrator.Fit(Samples(Listener, 10, new Random(3)));
        Assert.True(ten.Slopes);
        Assert.True(ten.Map.ArousalFromArousal < 0.8f, $"arousal slope {ten.Map.ArousalFromArousal}");
    }

    [Fact]
    public void TheMapKeepsReadingsOnTheCircumplex()
    {
        var stretch = new AffineCalibration(3, 0, 0.5f, 0, -3, -0.5f);
        AffectPoint p = stretch.Apply(new AffectPoint(0.9f, 0.9f));
        Assert.Equal(1f, p.Arousal);
        Assert.Equal(-1f, p.Valence);
    }

    /// <summary>Mean held-out RMSE of the uncalibrated readings and of the fitted map, over several label draws.</summary>
    private static (double Before, double After) HeldOut(Func<AffectPoint, AffectPoint> listener, int labels)
    {
        double before = 0;
        double after = 0;
        for (int draw = 0; draw < Draws; draw++)
        {
            var random = new Random(100 + draw);
            CalibrationSample[] train = Samples(listener, labels, random);
            CalibrationSample[] test = Samples(listener, 400, random);
            AffineFit fit = AffineCalibrator.Fit(train);
            before += AffineCalibrator.Rmse(AffineCalibration.Identity, test);
            after += AffineCalibrator.Rmse(fit.Map, test);
        }
        return (before / Draws, after / Draws);
    }

    private static CalibrationSample[] Samples(Func<AffectPoint, AffectPoint> listener, int count, Random random)
    {
        var samples = new CalibrationSample[count];
        for (int i = 0; i < count; i++)
        {
            var reading = new AffectPoint(Uniform(random, 0.8f), Uniform(random, 0.8f));
            AffectPoint felt = listener(reading);
            samples[i] = new CalibrationSample(reading, new AffectPoint(
                Math.Clamp(felt.Arousal + Uniform(random, 0.08f), -1f, 1f),
                Math.Clamp(felt.Valence + Uniform(random, 0.08f), -1f, 1f)));
        }
        return samples;
    }

    /// <summary>The known personal bias: rotated 15 degrees, arousal compressed, valence scaled and shifted down.</summary>
    private static AffectPoint Biased(AffectPoint p)
    {
        double angle = 15 * Math.PI / 180;
        double a = Math.Cos(angle) * p.Arousal - Math.Sin(angle) * p.Valence;
        double v = Math.Sin(angle) * p.Arousal + Math.Cos(angle) * p.Valence;
        return new AffectPoint((float)Math.Clamp(0.5 * a, -1, 1), (float)Math.Clamp(1.3 * v - 0.3, -1, 1));
    }

    private static float Uniform(Random random, float half) => (float)((random.NextDouble() * 2 - 1) * half);
}
