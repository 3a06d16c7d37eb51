using System.Numerics;
using MusicEmotion.Audio.Conversion;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Audio.Conversion;

public sealed class ResamplerDesignTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(48000, 147, 160, true, 296)]
    [InlineData(96000, 147, 320, true, 592)]
    [InlineData(32000, 441, 320, true, 272)]
    [InlineData(8000, 441, 80, true, 272)]
    [InlineData(22050, 2, 1, true, 272)]
    [InlineData(88200, 1, 2, true, 544)]
    [InlineData(44056, 11025, 11014, false, 272)]
    [InlineData(47999, 6300, 6857, false, 296)]
    public void ReducesTheRatioAndSizesTheFilter(int inputRate, int up, int down, bool exact, int taps)
    {
        var design = new ResamplerDesign(inputRate, 44100);
        output.WriteLine(design.ToString());
        Assert.Equal((up, down), (design.UpFactor, design.DownFactor));
        Assert.Equal(exact, design.IsExactRatio);
        Assert.Equal(exact ? up : ResamplerDesign.InterpolatedPhases, design.TablePhases);
        Assert.Equal(taps, design.TapsPerPhase);
        Assert.Equal(0.95 * Math.Min(inputRate, 44100) / 2, design.PassbandEdgeHz, 6);
    }

    [Fact]
    public void EqualRatesAreAPassThrough() => Assert.True(new ResamplerDesign(44100, 44100).IsPassThrough);

    [Fact]
    public void TheBesselFunctionMatchesKnownValues()
    {
        // I0(1) and I0(10) from Abramowitz & Stegun, table 9.8.
        Assert.Equal(1.2660658777520082, KaiserWindow.BesselI0(1), 14);
        Assert.Equal(2815.716628466254, KaiserWindow.BesselI0(10), 9);
    }

    /// <summary>
    /// The whole filter (every phase interleaved, as it runs at L times the input rate) measured against the design:
    /// passband ripple within 1e-4 dB up to 95 % of the lower Nyquist, at least 100 dB down from 100 % of it, all
    /// the way up to L times the input's Nyquist (where the images of an upsampler would be).
    /// </summary>
    [Theory]
    [InlineData(48000)]
    [InlineData(8000)]
    public void TheFilterMeetsItsPassbandAndStopband(int inputRate)
    {
        var design = new ResamplerDesign(inputRate, 44100);
        var bank = new PolyphaseFilterBank(design);
        Complex[] spectrum = Spectrum(bank, design.UpFactor);
        double binHz = (double)inputRate * design.UpFactor / spectrum.Length;
        double ripple = 0;
        double stopband = double.MinValue;
        for (int k = 0; k <= spectrum.Length / 2; k++)
        {
            double gainDb = 20 * Math.Log10(spectrum[k].Magnitude / design.UpFactor);
            if (k * binHz <= design.PassbandEdgeHz)
            {
                ripple = Math.Max(ripple, Math.Abs(gainDb));
            }
            else if (k * binHz >= design.StopbandEdgeHz)
            {
                stopband = Math.Max(stopband, gainDb);
            }
        }
        output.WriteLine($"{design}: passband ripple {ripple:E2} dB, stopband peak {stopband:F1} dB");
        Assert.True(ripple < 1e-4, $"passband ripple {ripple} dB");
        Assert.True(stopband < -100, $"stopband only {stopband:F1} dB down");
    }

    /// <summary>
    /// The phases interleaved into one filter at L times the input rate (row p, tap j at time p/L - j plus a constant),
    /// zero-padded to 4 times its length and transformed: bins a few Hz apart. Each row sums to 1, so the DC gain is L.
    /// </summary>
    private static Complex[] Spectrum(PolyphaseFilterBank bank, int up)
    {
        var spectrum = new Complex[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(4 * bank.Taps * up))];
        for (int phase = 0; phase < up; phase++)
        {
            ReadOnlySpan<float> row = bank.Row(phase);
            for (int j = 0; j < bank.Taps; j++)
            {
                spectrum[phase + up * (bank.Taps - 1 - j)] = row[j];
            }
        }
        Fft.Transform(spectrum);
        return spectrum;
    }
}
