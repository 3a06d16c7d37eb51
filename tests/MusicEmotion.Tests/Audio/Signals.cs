namespace MusicEmotion.Tests.Audio;

/// <summary>Test signals computed in double precision, and the error measure the audio tests report.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5, double phase = 0.0)
    {
        var samples = new float[length];
        for (int n = 0; n < length; n++)
        {
            samples[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate + phase));
        }
        return samples;
    }

    /// <summary>An exponential (log) sine sweep from <paramref name="from"/> to <paramref name="to"/> Hz.</summary>
    public static float[] LogSweep(double from, double to, int sampleRate, int length, double amplitude = 0.5)
    {
        var samples = new float[length];
        double duration = (double)length / sampleRate;
        double rate = Math.Log(to / from);
        for (int n = 0; n < length; n++)
        {
            double t = (double)n / sampleRate;
            double phase = 2 * Math.PI * from * duration / rate * (Math.Exp(t / duration * rate) - 1);
            samples[n] = (float)(amplitude * Math.Sin(phase));
        }
        return samples;
    }

    public static float[] Noise(int length, int seed, double amplitude = 0.5)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int n = 0; n < length; n++)
        {
            samples[n] = (float)(amplitude * (2 * random.NextDouble() - 1));
        }
        return samples;
    }

    /// <summary>
    /// Energy of (actual - reference) relative to the energy of reference, in dB: -60 means the difference is a
    /// thousandth of the signal in amplitude.
    /// </summary>
    public static double ErrorDb(ReadOnlySpan<float> actual, ReadOnlySpan<float> reference)
    {
        Assert.Equal(reference.Length, actual.Length);
        double error = 0;
        double signal = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double difference = (double)actual[i] - reference[i];
            error += difference * difference;
            signal += (double)reference[i] * reference[i];
        }
        return 10 * Math.Log10(error / signal);
    }

    /// <summary>RMS of <paramref name="samples"/> in dB relative to <paramref name="reference"/> RMS.</summary>
    public static double LevelDb(ReadOnlySpan<float> samples, double reference)
    {
        double energy = 0;
        foreach (float s in samples)
        {
            energy += (double)s * s;
        }
        return 20 * Math.Log10(Math.Sqrt(energy / samples.Length) / reference);
    }
}
