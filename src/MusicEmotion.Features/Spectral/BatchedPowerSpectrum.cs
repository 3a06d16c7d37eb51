using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicEmotion.Features.Spectral;

/// <summary>
/// Hann-windowed power spectra of eight real frames at once: lane l of every <see cref="Vector256{T}"/> holds
/// frame l. A clip's 44 STFT frames are independent FFTs of the same size, so running eight of them side by
/// side keeps every SIMD lane busy with plain element-wise arithmetic — no shuffles inside the FFT and no
/// partially filled vectors in its last stages, which is where single-frame SIMD FFTs lose their speed.
/// </summary>
/// <remarks>
/// A real FFT of n = 2m points is computed as one complex FFT of m points over z[j] = x[2j] + i x[2j+1]
/// followed by the standard split step. The complex FFT is a Stockham autosort (no bit reversal) with radix-4
/// stages and one radix-2 stage when log2(m) is odd. Twiddles are computed in double and rounded once.
/// </remarks>
internal sealed class BatchedPowerSpectrum
{
    public const int Lanes = 8;

    private readonly int _half;
    private readonly float[] _window;
    private readonly int[] _sampleOffset;
    private readonly float[] _twiddleRe;
    private readonly float[] _twiddleIm;
    private readonly float[] _splitRe;
    private readonly float[] _splitIm;
    private readonly Vector256<float>[] _buffers;
    private readonly int[] _bufferStart;

    /// <param name="fftSize">Frame length n, a power of two.</param>
    /// <param name="hop">Hop between frames.</param>
    /// <param name="rowStride">Distance between columns in the <see cref="HopColumns"/> layout.</param>
    public BatchedPowerSpectrum(int fftSize, int hop, int rowStride)
    {
        _half = fftSize / 2;
        // Where sample m of the first frame lies in the column layout; precomputed because the division by
        // the hop would otherwise sit in the innermost load loop.
        _sampleOffset = new int[fftSize];
        for (int m = 0; m < fftSize; m++)
        {
            _sampleOffset[m] = (m % hop) * rowStride + m / hop;
        }
        _window = new float[fftSize];
        for (int i = 0; i < fftSize; i++)
        {
            // Periodic Hann (scipy get_window('hann', n, fftbins=True)), librosa's default STFT window.
            _window[i] = (float)(0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / fftSize));
        }
        _twiddleRe = new float[_half];
        _twiddleIm = new float[_half];
        for (int k = 0; k < _half; k++)
        {
            double angle = -2.0 * Math.PI * k / _half;
            _twiddleRe[k] = (float)Math.Cos(angle);
            _twiddleIm[k] = (float)Math.Sin(angle);
        }
        _splitRe = new float[_half + 1];
        _splitIm = new float[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            double angle = -2.0 * Math.PI * k / fftSize;
            _splitRe[k] = (float)Math.Cos(angle);
            _splitIm[k] = (float)Math.Sin(angle);
        }
        // Real, imaginary and the two ping-pong arrays live in one allocation, each start shifted by a
        // further 1 KiB: a radix-4 stage touches four addresses m/4 vectors apart in each array, a power of
        // two that would otherwise put all sixteen streams of a butterfly in the same L1 cache set.
        const int stagger = 1024 / 32;
        _bufferStart = new int[4];
        for (int b = 0; b < 4; b++)
        {
            _bufferStart[b] = b * (_half + stagger);
        }
        _buffers = new Vector256<float>[4 * (_half + stagger)];
    }

    public int Bins => _half + 1;

    /// <summary>
    /// Computes the power spectra of frames firstRow..firstRow+7. Frame f's sample m is read from
    /// <c>columns[(m % hop) * rowStride + f + m / hop]</c>: the signal laid out by <see cref="HopColumns"/>
    /// so that the eight frames' samples at one offset are adjacent.
    /// </summary>
    public void Compute(ReadOnlySpan<float> columns, int firstRow, Span<Vector256<float>> power)
    {
        // The first stage reads the windowed samples straight from the columns: a separate load pass would
        // write and re-read both buffers once more, and the transform is bound by that traffic, not arithmetic.
        FirstStage(columns, firstRow, Buffer(0), Buffer(1));
        // Stockham stages alternate between the pairs (0, 1) and (2, 3).
        int source = 0;
        int length = _half / 4;
        int stride = 4;
        while (length >= 4)
        {
            Radix4Stage(Buffer(source), Buffer(source + 1), Buffer(2 - source), Buffer(3 - source), length, stride);
            source = 2 - source;
            length /= 4;
            stride *= 4;
        }
        if (length == 2)
        {
            Radix2Stage(Buffer(source), Buffer(source + 1), Buffer(2 - source), Buffer(3 - source), stride);
            source = 2 - source;
        }
        Split(Buffer(source), Buffer(source + 1), power);
    }

    private Span<Vector256<float>> Buffer(int index) => _buffers.AsSpan(_bufferStart[index], _half);

    /// <summary>
    /// The first radix-4 stage (length m, stride 1) with its inputs loaded and windowed on the way:
    /// z[j] = w[2j] x[2j] + i w[2j+1] x[2j+1]. The arithmetic is <see cref="Radix4Stage"/>'s, operation for operation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstStage(ReadOnlySpan<float> columns, int firstRow, Span<Vector256<float>> yr, Span<Vector256<float>> yi)
    {
        ref float first = ref Unsafe.Add(ref MemoryMarshal.GetReference(columns), firstRow);
        ref var yr0 = ref MemoryMarshal.GetReference(yr);
        ref var yi0 = ref MemoryMarshal.GetReference(yi);
        int quarter = _half / 4;
        for (int p = 0; p < quarter; p++)
        {
            var ar = Sample(ref first, 2 * p);
            var ai = Sample(ref first, (2 * p) + 1);
            var br = Sample(ref first, 2 * (p + quarter));
            var bi = Sample(ref first, (2 * (p + quarter)) + 1);
            var cr = Sample(ref first, 2 * (p + (2 * quarter)));
            var ci = Sample(ref first, (2 * (p + (2 * quarter))) + 1);
            var dr = Sample(ref first, 2 * (p + (3 * quarter)));
            var di = Sample(ref first, (2 * (p + (3 * quarter))) + 1);
            Butterfly(ar, ai, br, bi, cr, ci, dr, di, Twiddles(p), ref yr0, ref yi0, 4 * p, 1);
        }
    }

    private Vector256<float> Sample(ref float first, int m) => Vector256.LoadUnsafe(ref first, (nuint)_sampleOffset[m]) * _window[m];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Radix4Stage(
        Span<Vector256<float>> xr, Span<Vector256<float>> xi, Span<Vector256<float>> yr, Span<Vector256<float>> yi,
        int length, int stride)
    {
        int quarter = length / 4;
        int twiddleStep = _half / length;
        ref var xr0 = ref MemoryMarshal.GetReference(xr);
        ref var xi0 = ref MemoryMarshal.GetReference(xi);
        ref var yr0 = ref MemoryMarshal.GetReference(yr);
        ref var yi0 = ref MemoryMarshal.GetReference(yi);
        int span = stride * quarter;
        for (int p = 0; p < quarter; p++)
        {
            StageTwiddles w = Twiddles(p * twiddleStep);
            int input = stride * p;
            int output = stride * 4 * p;
            for (int q = 0; q < stride; q++)
            {
                int a = input + q;
                var ar = Unsafe.Add(ref xr0, a);
                var ai = Unsafe.Add(ref xi0, a);
                var br = Unsafe.Add(ref xr0, a + span);
                var bi = Unsafe.Add(ref xi0, a + span);
                var cr = Unsafe.Add(ref xr0, a + 2 * span);
                var ci = Unsafe.Add(ref xi0, a + 2 * span);
                var dr = Unsafe.Add(ref xr0, a + 3 * span);
                var di = Unsafe.Add(ref xi0, a + 3 * span);

                Butterfly(ar, ai, br, bi, cr, ci, dr, di, w, ref yr0, ref yi0, output + q, stride);
            }
        }
    }

    /// <summary>W_m^t, W_m^2t and W_m^3t, broadcast: the twiddles of one butterfly group.</summary>
    private StageTwiddles Twiddles(int t) => new(
        Vector256.Create(_twiddleRe[t]), Vector256.Create(_twiddleIm[t]),
        Vector256.Create(_twiddleRe[2 * t]), Vector256.Create(_twiddleIm[2 * t]),
        Vector256.Create(_twiddleRe[3 * t]), Vector256.Create(_twiddleIm[3 * t]));

    /// <summary>
    /// One radix-4 butterfly of a forward transform: inputs a, b, c, d; outputs at <paramref name="o"/> + k *
    /// <paramref name="stride"/>, the k-th (k = 1..3) multiplied by its twiddle in <paramref name="w"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(
        Vector256<float> ar, Vector256<float> ai, Vector256<float> br, Vector256<float> bi,
        Vector256<float> cr, Vector256<float> ci, Vector256<float> dr, Vector256<float> di,
        in StageTwiddles w, ref Vector256<float> yr0, ref Vector256<float> yi0, int o, int stride)
    {
        var sumAcR = ar + cr;
        var sumAcI = ai + ci;
        var difAcR = ar - cr;
        var difAcI = ai - ci;
        var sumBdR = br + dr;
        var sumBdI = bi + di;
        var difBdR = br - dr;
        var difBdI = bi - di;

        Unsafe.Add(ref yr0, o) = sumAcR + sumBdR;
        Unsafe.Add(ref yi0, o) = sumAcI + sumBdI;

        // Forward transform: the odd outputs rotate (b - d) by -i, i.e. (re, im) -> (im, -re).
        var u1r = difAcR + difBdI;
        var u1i = difAcI - difBdR;
        Unsafe.Add(ref yr0, o + stride) = u1r * w.W1R - u1i * w.W1I;
        Unsafe.Add(ref yi0, o + stride) = u1r * w.W1I + u1i * w.W1R;

        var u2r = sumAcR - sumBdR;
        var u2i = sumAcI - sumBdI;
        Unsafe.Add(ref yr0, o + 2 * stride) = u2r * w.W2R - u2i * w.W2I;
        Unsafe.Add(ref yi0, o + 2 * stride) = u2r * w.W2I + u2i * w.W2R;

        var u3r = difAcR - difBdI;
        var u3i = difAcI + difBdR;
        Unsafe.Add(ref yr0, o + 3 * stride) = u3r * w.W3R - u3i * w.W3I;
        Unsafe.Add(ref yi0, o + 3 * stride) = u3r * w.W3I + u3i * w.W3R;
    }

    /// <summary>The last stage when log2(m) is odd: length 2, so its only twiddle is 1.</summary>
    private static void Radix2Stage(
        Span<Vector256<float>> xr, Span<Vector256<float>> xi, Span<Vector256<float>> yr, Span<Vector256<float>> yi,
        int stride)
    {
        for (int q = 0; q < stride; q++)
        {
            var ar = xr[q];
            var ai = xi[q];
            var br = xr[q + stride];
            var bi = xi[q + stride];
            yr[q] = ar + br;
            yi[q] = ai + bi;
            yr[q + stride] = ar - br;
            yi[q + stride] = ai - bi;
        }
    }

    /// <summary>
    /// From the m-point transform Z of z[j] = x[2j] + i x[2j+1] to the power of the n-point real transform:
    /// E = (Z[k] + conj Z[m-k]) / 2 is the transform of the even samples, O = (Z[k] - conj Z[m-k]) / 2i that
    /// of the odd ones, and X[k] = E + W_n^k O for k = 0..m.
    /// </summary>
    private void Split(ReadOnlySpan<Vector256<float>> zr, ReadOnlySpan<Vector256<float>> zi, Span<Vector256<float>> power)
    {
        var half = Vector256.Create(0.5f);
        for (int k = 0; k <= _half; k++)
        {
            int k1 = k == _half ? 0 : k;
            int k2 = k == 0 ? 0 : _half - k;
            var pr = zr[k1];
            var pi = zi[k1];
            var qr = zr[k2];
            var qi = zi[k2];
            var er = (pr + qr) * half;
            var ei = (pi - qi) * half;
            // O = (Z[k] - conj Z[m-k]) / 2i: difference (pr - qr, pi + qi), divided by 2i -> (im/2, -re/2).
            var or = (pi + qi) * half;
            var oi = (qr - pr) * half;
            var wr = Vector256.Create(_splitRe[k]);
            var wi = Vector256.Create(_splitIm[k]);
            var xr = er + (or * wr - oi * wi);
            var xi = ei + (or * wi + oi * wr);
            power[k] = xr * xr + xi * xi;
        }
    }

    private readonly record struct StageTwiddles(
        Vector256<float> W1R, Vector256<float> W1I, Vector256<float> W2R, Vector256<float> W2I, Vector256<float> W3R, Vector256<float> W3I);
}
