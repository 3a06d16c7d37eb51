namespace MusicEmotion.Audio.Conversion;

/// <summary>
/// The numbers behind <see cref="PolyphaseResampler"/> for one rate pair: the rational ratio, the lowpass and the
/// phase table, each derived from a few stated targets.
/// </summary>
/// <remarks>
/// <para><b>Passband</b> to 95 % of the lower Nyquist frequency (20 948 Hz when either side is 44.1 kHz), the
/// bandwidth sox's high-quality modes keep: above 20 kHz little music remains and nothing the log-mel features rely on.
/// </para>
/// <para><b>Stopband</b> from 100 % of the lower Nyquist, so no component folds back at all, not even into the
/// transition band, attenuated by a 105 dB Kaiser design (measured ≥ 104.8 dB, passband ripple ≤ 0.00005 dB): below
/// 16-bit quantisation noise with margin, and within reach of float32 arithmetic (~ -140 dB).</para>
/// <para><b>Length</b> follows from Kaiser's formula for that transition (5 % of the lower Nyquist): 296 taps per
/// output sample for 48 kHz -> 44.1 kHz, rounded up to a multiple of 8 for the vectorised dot product.</para>
/// <para><b>Phases</b>: with L / M the reduced ratio out/in, output n falls at input time n·M/L, one of L phases.
/// When L ≤ <see cref="InterpolatedPhases"/> (every common pair: 48k->44.1k is 147/160, 32k->44.1k 441/320) each
/// phase has its own exact row. Otherwise (44 056 or 47 999 Hz) a table of 512 phases is kept and the coefficients
/// for the exact time are interpolated linearly between the two neighbouring rows. That error grows with frequency
/// as (f / 512)²: measured on a full-scale tone it is -136 dB at 1 kHz and -110 dB at 19 kHz, about the size of the
/// filter's own ripple and stopband, for a table of 296 x 513 floats (600 KB) instead of 296 x 6 300 (47 999 Hz).</para>
/// </remarks>
public sealed record ResamplerDesign
{
    public const double PassbandFraction = 0.95;
    public const double StopbandFraction = 1.0;
    public const double AttenuationDb = 105.0;
    public const int InterpolatedPhases = 512;

    private const int TapMultiple = 8;

    public ResamplerDesign(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        int divisor = GreatestCommonDivisor(inputRate, outputRate);
        UpFactor = outputRate / divisor;
        DownFactor = inputRate / divisor;

        double lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        PassbandEdgeHz = PassbandFraction * lowerNyquist;
        StopbandEdgeHz = StopbandFraction * lowerNyquist;
        Cutoff = (PassbandEdgeHz + StopbandEdgeHz) / 2.0 / inputRate;
        Beta = KaiserWindow.Beta(AttenuationDb);
        int taps = KaiserWindow.Length(AttenuationDb, (StopbandEdgeHz - PassbandEdgeHz) / inputRate);
        TapsPerPhase = (taps + TapMultiple - 1) / TapMultiple * TapMultiple;
        IsExactRatio = UpFactor <= InterpolatedPhases;
        TablePhases = IsExactRatio ? UpFactor : InterpolatedPhases;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>L: output rate / gcd. Output sample n falls at input time n·M/L.</summary>
    public int UpFactor { get; }

    /// <summary>M: input rate / gcd.</summary>
    public int DownFactor { get; }

    /// <summary>Equal rates: the resampler copies, bit for bit.</summary>
    public bool IsPassThrough => UpFactor == DownFactor;

    public double PassbandEdgeHz { get; }

    public double StopbandEdgeHz { get; }

    /// <summary>The sinc's cutoff, mid-transition, in cycles per input sample.</summary>
    public double Cutoff { get; }

    public double Beta { get; }

    /// <summary>Input samples each output sample is computed from (the filter's length in input samples).</summary>
    public int TapsPerPhase { get; }

    /// <summary>Whether each of the L phases has its own row (true) or rows are interpolated from a finer table.</summary>
    public bool IsExactRatio { get; }

    /// <summary>Phases in the table: L when exact, else <see cref="InterpolatedPhases"/> (plus one row to interpolate towards).</summary>
    public int TablePhases { get; }

    public override string ToString() =>
        $"{InputRate} -> {OutputRate} Hz (x{UpFactor}/{DownFactor}), passband {PassbandEdgeHz:F0} Hz, stopband {StopbandEdgeHz:F0} Hz"
        + $" at {AttenuationDb} dB, Kaiser beta {Beta:F3}, {TapsPerPhase} taps, {TablePhases} {(IsExactRatio ? "exact" : "interpolated")} phases";

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }
}
