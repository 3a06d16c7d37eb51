using MusicEmotion.Features;
using MusicEmotion.Features.Spectral;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Features;

public sealed class LogMelSpectrogramTests
{
    [Fact]
    public void SilenceGivesZeroLogMelAndAFlaggedFiniteInput()
    {
        var spectrogram = new LogMelSpectrogram();
        var logMel = new float[spectrogram.Settings.ValuesPerClip];
        var input = new float[logMel.Length];
        spectrogram.Compute(new float[22_050], logMel);
        Assert.All(logMel, v => Assert.Equal(0f, v));

        var stats = FeatureNormalizer.Normalize(logMel, 128, input);
        Assert.Equal(FeatureCondition.Constant, stats.Condition);
        Assert.All(input, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void NonFiniteSamplesAreReportedNotNormalised()
    {
        var spectrogram = new LogMelSpectrogram();
        var clip = Tone(440, 0.5f);
        clip[1000] = float.NaN;
        var logMel = new float[spectrogram.Settings.ValuesPerClip];
        var input = new float[logMel.Length];
        spectrogram.Compute(clip, logMel);
        var stats = FeatureNormalizer.Normalize(logMel, 128, input);
        Assert.Equal(FeatureCondition.NonFinite, stats.Condition);
        Assert.All(input, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AToneLightsTheBandHoldingItsFrequency()
    {
        var spectrogram = new LogMelSpectrogram();
        var logMel = new float[spectrogram.Settings.ValuesPerClip];
        spectrogram.Compute(Tone(1000, 0.5f), logMel);
        int frames = spectrogram.Settings.Frames;
        int loudest = Enumerable.Range(0, 128).MaxBy(b => logMel[b * frames + frames / 2]);
        double centreMel = MelFilterbank.HzToMel(1000);
        double bandWidth = MelFilterbank.HzToMel(22_050) / 129;
        Assert.InRange(loudest, (int)(centreMel / bandWidth) - 2, (int)(centreMel / bandWidth) + 1);
    }

    [Fact]
    public void SlaneyNormGivesEveryTriangleTheSameArea()
    {
        var bank = new MelFilterbank(44_100, 2048, 128);
        double binHz = 22_050.0 / 1024;
        // Area in Hz of each triangle, for the bands wide enough to be sampled well by the bins.
        for (int band = 40; band < 128; band++)
        {
            double area = bank.Weights(band).ToArray().Sum(w => (double)w) * binHz;
            Assert.InRange(area, 0.97, 1.03);
        }
        Assert.InRange(bank.NonZeroCount, 1000, 2100);
    }

    [Fact]
    public void MelScaleRoundTripsAndBreaksAtOneKilohertz()
    {
        Assert.Equal(15.0, MelFilterbank.HzToMel(1000), 12);
        foreach (double hz in new[] { 0.0, 200, 999, 1000, 4000, 22_050 })
        {
            Assert.Equal(hz, MelFilterbank.MelToHz(MelFilterbank.HzToMel(hz)), 9);
        }
    }

    [Fact]
    public void ComputeAndNormaliseAllocateNothingOnceWarm()
    {
        var spectrogram = new LogMelSpectrogram();
        var clip = Tone(330, 0.3f);
        var logMel = new float[spectrogram.Settings.ValuesPerClip];
        var input = new float[logMel.Length];
        spectrogram.Compute(clip, logMel);
        FeatureNormalizer.Normalize(logMel, 128, input);
        (long allocated, _) = Allocations.During(50, _ =>
        {
            spectrogram.Compute(clip, logMel);
            FeatureNormalizer.Normalize(logMel, 128, input);
            return 0;
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SettingsOutsideWhatCanBeComputedAreRejectedByName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LogMelSpectrogram(new LogMelSettings { FftSize = 1000 }));
        Assert.Equal("FftSize", error.ParamName);
        Assert.Throws<ArgumentException>(() => new LogMelSpectrogram().Compute(new float[100], new float[5632]));
    }

    [Theory]
    [InlineData(1024, 256, 64)]
    [InlineData(512, 512, 40)]
    public void OtherFrameSettingsAgreeWithADirectDft(int fftSize, int hop, int bands)
    {
        var settings = new LogMelSettings { FftSize = fftSize, HopLength = hop, MelBands = bands, ClipLength = 4000 };
        var spectrogram = new LogMelSpectrogram(settings);
        var random = new Random(7);
        var clip = new float[settings.ClipLength];
        for (int i = 0; i < clip.Length; i++)
        {
            clip[i] = random.NextSingle() - 0.5f;
        }
        var logMel = new float[settings.ValuesPerClip];
        spectrogram.Compute(clip, logMel);
        double[] expected = DirectLogMel(clip, settings, spectrogram.Filterbank);
        for (int i = 0; i < logMel.Length; i++)
        {
            Assert.True(Math.Abs(logMel[i] - expected[i]) < 1e-4, $"value {i}: {logMel[i]} vs {expected[i]}");
        }
    }

    /// <summary>The definition, in double, with an O(n^2) DFT: slow and obviously right.</summary>
    private static double[] DirectLogMel(float[] clip, LogMelSettings s, MelFilterbank bank)
    {
        int pad = s.FftSize / 2;
        var result = new double[s.ValuesPerClip];
        for (int f = 0; f < s.Frames; f++)
        {
            var power = new double[s.Bins];
            for (int k = 0; k < s.Bins; k++)
            {
                double re = 0, im = 0;
                for (int m = 0; m < s.FftSize; m++)
                {
                    int i = f * s.HopLength + m - pad;
                    double x = i >= 0 && i < clip.Length ? clip[i] : 0;
                    x *= 0.5 - 0.5 * Math.Cos(2 * Math.PI * m / s.FftSize);
                    double angle = -2 * Math.PI * k * m / s.FftSize;
                    re += x * Math.Cos(angle);
                    im += x * Math.Sin(angle);
                }
                power[k] = re * re + im * im;
            }
            for (int b = 0; b < s.MelBands; b++)
            {
                float[] row = bank.DenseRow(b);
                double sum = 0;
                for (int k = 0; k < s.Bins; k++)
                {
                    sum += row[k] * power[k];
                }
                result[b * s.Frames + f] = Math.Log(1 + sum);
            }
        }
        return result;
    }

    private static float[] Tone(double hz, float amplitude)
    {
        var clip = new float[22_050];
        for (int i = 0; i < clip.Length; i++)
        {
            clip[i] = amplitude * (float)Math.Sin(2 * Math.PI * hz * i / 44_100);
        }
        return clip;
    }
}
