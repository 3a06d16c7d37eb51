namespace MusicEmotion.Features.Spectral;

/// <summary>
/// librosa's default mel filterbank (htk=False, norm='slaney'), stored sparsely: each band is a triangle over
/// a short run of consecutive FFT bins, so a band is a start bin and its nonzero weights.
/// Construction follows librosa.filters.mel: Slaney's mel scale (linear below 1 kHz, logarithmic above),
/// n_mels + 2 edges equally spaced in mel from 0 to sr/2, triangles over the bin frequencies
/// linspace(0, sr/2, bins), each row scaled by 2 / (f[i+2] - f[i]) so every band has the same area.
/// Weights are computed in double and rounded once to float, as librosa stores them (float32).
/// </summary>
public sealed class MelFilterbank
{
    // Slaney's scale: 200/3 Hz per mel below 1 kHz, then 27 mels per factor 6.4 in frequency.
    private const double LinearHzPerMel = 200.0 / 3.0;
    private const double BreakHz = 1000.0;
    private const double BreakMel = BreakHz / LinearHzPerMel;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    private readonly int[] _startBin;
    private readonly int[] _offset;
    private readonly float[] _weights;

    public MelFilterbank(int sampleRate, int fftSize, int bands)
    {
        Bands = bands;
        Bins = fftSize / 2 + 1;
        double nyquist = sampleRate / 2.0;
        double maxMel = HzToMel(nyquist);
        var edges = new double[bands + 2];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(maxMel * i / (bands + 1));
        }
        var binHz = new double[Bins];
        for (int k = 0; k < Bins; k++)
        {
            binHz[k] = nyquist * k / (Bins - 1);
        }

        _startBin = new int[bands];
        _offset = new int[bands + 1];
        var weights = new List<float>();
        for (int b = 0; b < bands; b++)
        {
            double rise = edges[b + 1] - edges[b];
            double fall = edges[b + 2] - edges[b + 1];
            double areaNorm = 2.0 / (edges[b + 2] - edges[b]);
            int first = -1;
            var row = new List<float>();
            for (int k = 0; k < Bins; k++)
            {
                double lower = (binHz[k] - edges[b]) / rise;
                double upper = (edges[b + 2] - binHz[k]) / fall;
                double w = Math.Max(0.0, Math.Min(lower, upper));
                if (w <= 0)
                {
                    if (first >= 0)
                    {
                        break;
                    }
                    continue;
                }
                if (first < 0)
                {
                    first = k;
                }
                // librosa rounds the triangle to float32 before applying the norm, then multiplies in float32.
                row.Add((float)((float)w * areaNorm));
            }
            _startBin[b] = Math.Max(first, 0);
            _offset[b] = weights.Count;
            weights.AddRange(row);
        }
        _offset[bands] = weights.Count;
        _weights = [.. weights];
    }

    public int Bands { get; }

    public int Bins { get; }

    /// <summary>Nonzero weights in the whole bank (about two per bin): the multiply-adds per spectrum.</summary>
    public int NonZeroCount => _weights.Length;

    /// <summary>First FFT bin of band <paramref name="band"/>.</summary>
    public int StartBin(int band) => _startBin[band];

    /// <summary>The nonzero weights of band <paramref name="band"/>, from <see cref="StartBin"/> on.</summary>
    public ReadOnlySpan<float> Weights(int band) => _weights.AsSpan(_offset[band], _offset[band + 1] - _offset[band]);

    /// <summary>The dense row of a band, for tests and tools that compare with other implementations.</summary>
    public float[] DenseRow(int band)
    {
        var row = new float[Bins];
        Weights(band).CopyTo(row.AsSpan(StartBin(band)));
        return row;
    }

    public static double HzToMel(double hz) =>
        hz < BreakHz ? hz / LinearHzPerMel : BreakMel + Math.Log(hz / BreakHz) / LogStep;

    public static double MelToHz(double mel) =>
        mel < BreakMel ? mel * LinearHzPerMel : BreakHz * Math.Exp(LogStep * (mel - BreakMel));
}
