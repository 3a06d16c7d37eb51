using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicEmotion.Features.Spectral;

/// <summary>
/// A clip, zero-padded as librosa's center=True does, cut into rows of one hop and stored column-major:
/// entry (column c, row r) is padded sample hop*r + c. STFT frame f starts at row f, so sample m of frames
/// f..f+7 is eight adjacent floats at column m % hop, row f + m / hop: one vector load for eight frames.
/// </summary>
internal sealed class HopColumns
{
    private readonly int _hop;
    private readonly int _pad;
    private readonly int _clipLength;
    private readonly float[] _columns;

    /// <param name="clipLength">Samples per clip.</param>
    /// <param name="fftSize">Frame length; center padding is half of it on each side.</param>
    /// <param name="hop">Hop between frames.</param>
    /// <param name="frames">Frames per clip; rows are provided for ceil(frames / 8) * 8 of them.</param>
    public HopColumns(int clipLength, int fftSize, int hop, int frames)
    {
        _hop = hop;
        _pad = fftSize / 2;
        _clipLength = clipLength;
        int lanesFrames = (frames + BatchedPowerSpectrum.Lanes - 1) / BatchedPowerSpectrum.Lanes * BatchedPowerSpectrum.Lanes;
        int rows = lanesFrames + (fftSize - 1) / hop + 1;
        RowStride = (rows + 7) / 8 * 8;
        // Padding entries are written once here and never touched again: Fill only writes clip samples.
        _columns = new float[hop * RowStride];
    }

    /// <summary>Distance between consecutive columns.</summary>
    public int RowStride { get; }

    public ReadOnlySpan<float> Columns => _columns;

    /// <summary>Lays <paramref name="clip"/> out in columns; padding stays zero.</summary>
    public void Fill(ReadOnlySpan<float> clip)
    {
        if (clip.Length != _clipLength)
        {
            throw new ArgumentException($"expected a clip of {_clipLength} samples, got {clip.Length}", nameof(clip));
        }
        int i = 0;
        if (Avx.IsSupported && _pad % _hop == 0 && _hop % 8 == 0)
        {
            i = FillBlocks(clip);
        }
        for (; i < clip.Length; i++)
        {
            int padded = i + _pad;
            _columns[(padded % _hop) * RowStride + padded / _hop] = clip[i];
        }
    }

    /// <summary>
    /// Transposes whole 8-row x 8-column blocks of the clip with AVX shuffles; returns how many leading clip
    /// samples were written (a whole number of rows).
    /// </summary>
    private int FillBlocks(ReadOnlySpan<float> clip)
    {
        int fullRows = clip.Length / _hop;
        int blockRows = fullRows / 8 * 8;
        int firstRow = _pad / _hop;
        ref float source = ref MemoryMarshal.GetReference(clip);
        ref float target = ref MemoryMarshal.GetArrayDataReference(_columns);
        for (int row = 0; row < blockRows; row += 8)
        {
            for (int c = 0; c < _hop; c += 8)
            {
                ref float block = ref Unsafe.Add(ref source, row * _hop + c);
                Transpose8(
                    Vector256.LoadUnsafe(ref block),
                    Vector256.LoadUnsafe(ref block, (nuint)_hop),
                    Vector256.LoadUnsafe(ref block, (nuint)(2 * _hop)),
                    Vector256.LoadUnsafe(ref block, (nuint)(3 * _hop)),
                    Vector256.LoadUnsafe(ref block, (nuint)(4 * _hop)),
                    Vector256.LoadUnsafe(ref block, (nuint)(5 * _hop)),
                    Vector256.LoadUnsafe(ref block, (nuint)(6 * _hop)),
                    Vector256.LoadUnsafe(ref block, (nuint)(7 * _hop)),
                    ref Unsafe.Add(ref target, c * RowStride + firstRow + row),
                    RowStride);
            }
        }
        return blockRows * _hop;
    }

    /// <summary>The classic AVX 8x8 transpose: unpack pairs, shuffle quads, swap 128-bit halves.</summary>
    private static void Transpose8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        ref float destination, int stride)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref destination, (nuint)stride);
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref destination, (nuint)(2 * stride));
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref destination, (nuint)(3 * stride));
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref destination, (nuint)(4 * stride));
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref destination, (nuint)(5 * stride));
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref destination, (nuint)(6 * stride));
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref destination, (nuint)(7 * stride));
    }
}
