using System.Numerics;

namespace MusicEmotion.Tests.Audio;

/// <summary>
/// The error between two signals restricted to a frequency band: both are Hann-windowed, transformed with a plain
/// radix-2 FFT (<see cref="Fft"/>), and the difference's energy below a limit is compared with the reference's energy there. Used to
/// compare resamplers inside the passband, where they must agree, apart from the transition band, where two
/// designs may differ by definition.
/// </summary>
internal static class BandError
{
    public static double BelowDb(ReadOnlySpan<float> actual, ReadOnlySpan<float> reference, int sampleRate, double maxHz)
    {
        Assert.Equal(reference.Length, actual.Length);
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)reference.Length);
        var difference = new Complex[size];
        var signal = new Complex[size];
        for (int n = 0; n < reference.Length; n++)
        {
            double window = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / (reference.Length - 1));
            difference[n] = window * ((double)actual[n] - reference[n]);
            signal[n] = window * reference[n];
        }
        Fft.Transform(difference);
        Fft.Transform(signal);
        int lastBin = (int)(maxHz * size / sampleRate);
        double error = 0;
        double energy = 0;
        for (int k = 0; k <= lastBin; k++)
        {
            error += difference[k].Magnitude * difference[k].Magnitude;
            energy += signal[k].Magnitude * signal[k].Magnitude;
        }
        return 10 * Math.Log10(error / energy);
    }
}
