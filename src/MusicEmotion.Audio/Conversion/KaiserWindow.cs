namespace MusicEmotion.Audio.Conversion;

/// <summary>
/// The Kaiser window and Kaiser's empirical design formulas (J. F. Kaiser, "Nonrecursive digital filter design
/// using the I0-sinh window function", 1974). Chosen over fixed windows (Blackman, Hann...) because one parameter,
/// beta, trades main-lobe width for side-lobe level continuously, so the stopband attenuation is a design input
/// rather than whatever a window happens to give, and the length follows from it in closed form.
/// </summary>
public static class KaiserWindow
{
    /// <summary>Beta for a windowed-sinc lowpass whose stopband is <paramref name="attenuationDb"/> down (valid above 50 dB).</summary>
    public static double Beta(double attenuationDb)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attenuationDb, 50.0);
        return 0.1102 * (attenuationDb - 8.7);
    }

    /// <summary>
    /// Taps a windowed-sinc lowpass needs for <paramref name="attenuationDb"/> of stopband attenuation across a
    /// transition band <paramref name="transitionWidth"/> wide (in cycles per sample).
    /// </summary>
    public static int Length(double attenuationDb, double transitionWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(transitionWidth);
        return (int)Math.Ceiling((attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth));
    }

    /// <summary>The window at <paramref name="x"/> in [-1, 1] (0 outside): I0(beta sqrt(1 - x^2)) / I0(beta).</summary>
    public static double Value(double x, double beta)
    {
        if (x is < -1.0 or > 1.0)
        {
            return 0.0;
        }
        return BesselI0(beta * Math.Sqrt(1.0 - x * x)) / BesselI0(beta);
    }

    /// <summary>
    /// The modified Bessel function of the first kind, order 0, from its power series sum((x/2)^2k / (k!)^2). All terms
    /// are positive, so the sum has no cancellation; it stops once a term no longer changes the total.
    /// </summary>
    public static double BesselI0(double x)
    {
        double quarterSquare = x * x / 4.0;
        double term = 1.0;
        double sum = 1.0;
        for (int k = 1; term > sum * 1e-17; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}
