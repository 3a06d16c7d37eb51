namespace MusicEmotion.Audio.Conversion;

/// <summary>
/// The coefficient table of a <see cref="ResamplerDesign"/>: a Kaiser-windowed sinc sampled at each phase, one row
/// of <see cref="ResamplerDesign.TapsPerPhase"/> taps per phase, laid out so that row · (input window) is one output
/// sample.
/// </summary>
/// <remarks>
/// Row p holds h(φ + W/2 - 1 - j) for j = 0..W-1, with φ = p / phases the output's fractional position between input
/// samples and h the prototype lowpass centred on zero, so the filter's delay is compensated: the output at time
/// t = i + φ is centred on t. Each row is scaled to sum to exactly 1, so every phase passes DC with unit gain and
/// no phase-dependent gain ripple (which would modulate the signal at the phase rate) is left.
/// </remarks>
public sealed class PolyphaseFilterBank
{
    private readonly float[] _coefficients;

    public PolyphaseFilterBank(ResamplerDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        Taps = design.TapsPerPhase;
        Phases = design.TablePhases;
        // An interpolated table needs the row at φ = 1 as well, to interpolate towards from the last phase.
        Rows = design.IsExactRatio ? Phases : Phases + 1;
        _coefficients = new float[Rows * Taps];
        var row = new double[Taps];
        for (int p = 0; p < Rows; p++)
        {
            double phase = (double)p / Phases;
            double sum = 0.0;
            for (int j = 0; j < Taps; j++)
            {
                row[j] = Prototype(phase + Taps / 2 - 1 - j, design.Cutoff, design.Beta, Taps);
                sum += row[j];
            }
            Span<float> destination = _coefficients.AsSpan(p * Taps, Taps);
            for (int j = 0; j < Taps; j++)
            {
                destination[j] = (float)(row[j] / sum);
            }
        }
    }

    public int Taps { get; }

    /// <summary>Phases per input sample the rows cover.</summary>
    public int Phases { get; }

    public int Rows { get; }

    public ReadOnlySpan<float> Row(int index) => _coefficients.AsSpan(index * Taps, Taps);

    /// <summary>The windowed-sinc lowpass at <paramref name="t"/> input samples from its centre.</summary>
    public static double Prototype(double t, double cutoff, double beta, int taps)
    {
        double x = 2.0 * cutoff * t;
        double sinc = x == 0.0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
        return 2.0 * cutoff * sinc * KaiserWindow.Value(2.0 * t / taps, beta);
    }
}
