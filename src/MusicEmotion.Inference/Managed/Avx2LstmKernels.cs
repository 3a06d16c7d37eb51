using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The LSTM kernels on 256-bit vectors with fused multiply-add. Callers guarantee the buffer sizes (the runner
/// allocates them from the same layer), so the loops read through refs without per-element bounds checks.
/// </summary>
internal static class Avx2LstmKernels
{
    private const int Lanes = PackedLstmLayer.Lanes;

    /// <summary>A chunk's four gate vectors: the block of columns one pass of the inner loops covers.</summary>
    private const int Block = PackedLstmLayer.Gates * Lanes;

    /// <summary>
    /// gates[t] = bias + x[t] W^T for all steps at once. Two steps share each weight load; the 8 accumulators
    /// of a block stay in registers over the whole input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ProjectInput(ReadOnlySpan<float> x, int xStride, int steps, PackedLstmLayer layer, Span<float> gates)
    {
        int width = layer.Width, inputSize = layer.InputSize;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float w = ref MemoryMarshal.GetArrayDataReference(layer.InputWeights);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(layer.Bias);
        int t = 0;
        for (; t + 1 < steps; t += 2)
        {
            ref float x0 = ref Unsafe.Add(ref xs, t * xStride);
            ref float x1 = ref Unsafe.Add(ref x0, xStride);
            for (int column = 0; column < width; column += Block)
            {
                Vector256<float> b0 = Vector256.LoadUnsafe(ref bias, (nuint)column);
                Vector256<float> b1 = Vector256.LoadUnsafe(ref bias, (nuint)(column + Lanes));
                Vector256<float> b2 = Vector256.LoadUnsafe(ref bias, (nuint)(column + 2 * Lanes));
                Vector256<float> b3 = Vector256.LoadUnsafe(ref bias, (nuint)(column + 3 * Lanes));
                Vector256<float> a0 = b0, a1 = b1, a2 = b2, a3 = b3, c0 = b0, c1 = b1, c2 = b2, c3 = b3;
                ref float wk = ref Unsafe.Add(ref w, column);
                for (int k = 0; k < inputSize; k++)
                {
                    Vector256<float> w0 = Vector256.LoadUnsafe(ref wk);
                    Vector256<float> w1 = Vector256.LoadUnsafe(ref wk, Lanes);
                    Vector256<float> w2 = Vector256.LoadUnsafe(ref wk, 2 * Lanes);
                    Vector256<float> w3 = Vector256.LoadUnsafe(ref wk, 3 * Lanes);
                    Vector256<float> u = Vector256.Create(Unsafe.Add(ref x0, k));
                    Vector256<float> v = Vector256.Create(Unsafe.Add(ref x1, k));
                    a0 = Vector256.FusedMultiplyAdd(u, w0, a0);
                    a1 = Vector256.FusedMultiplyAdd(u, w1, a1);
                    a2 = Vector256.FusedMultiplyAdd(u, w2, a2);
                    a3 = Vector256.FusedMultiplyAdd(u, w3, a3);
                    c0 = Vector256.FusedMultiplyAdd(v, w0, c0);
                    c1 = Vector256.FusedMultiplyAdd(v, w1, c1);
                    c2 = Vector256.FusedMultiplyAdd(v, w2, c2);
                    c3 = Vector256.FusedMultiplyAdd(v, w3, c3);
                    wk = ref Unsafe.Add(ref wk, width);
                }
                ref float row0 = ref Unsafe.Add(ref g, t * width + column);
                ref float row1 = ref Unsafe.Add(ref row0, width);
                a0.StoreUnsafe(ref row0);
                a1.StoreUnsafe(ref row0, Lanes);
                a2.StoreUnsafe(ref row0, 2 * Lanes);
                a3.StoreUnsafe(ref row0, 3 * Lanes);
                c0.StoreUnsafe(ref row1);
                c1.StoreUnsafe(ref row1, Lanes);
                c2.StoreUnsafe(ref row1, 2 * Lanes);
                c3.StoreUnsafe(ref row1, 3 * Lanes);
            }
        }
        if (t < steps)
        {
            ProjectOneStep(ref Unsafe.Add(ref xs, t * xStride), layer, ref Unsafe.Add(ref g, t * width));
        }
    }

    private static void ProjectOneStep(ref float x, PackedLstmLayer layer, ref float gates)
    {
        int width = layer.Width;
        ref float w = ref MemoryMarshal.GetArrayDataReference(layer.InputWeights);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(layer.Bias);
        for (int column = 0; column < width; column += Block)
        {
            Vector256<float> a0 = Vector256.LoadUnsafe(ref bias, (nuint)column);
            Vector256<float> a1 = Vector256.LoadUnsafe(ref bias, (nuint)(column + Lanes));
            Vector256<float> a2 = Vector256.LoadUnsafe(ref bias, (nuint)(column + 2 * Lanes));
            Vector256<float> a3 = Vector256.LoadUnsafe(ref bias, (nuint)(column + 3 * Lanes));
            ref float wk = ref Unsafe.Add(ref w, column);
            for (int k = 0; k < layer.InputSize; k++)
            {
                Vector256<float> u = Vector256.Create(Unsafe.Add(ref x, k));
                a0 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref wk), a0);
                a1 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref wk, Lanes), a1);
                a2 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref wk, 2 * Lanes), a2);
                a3 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref wk, 3 * Lanes), a3);
                wk = ref Unsafe.Add(ref wk, width);
            }
            ref float row = ref Unsafe.Add(ref gates, column);
            a0.StoreUnsafe(ref row);
            a1.StoreUnsafe(ref row, Lanes);
            a2.StoreUnsafe(ref row, 2 * Lanes);
            a3.StoreUnsafe(ref row, 3 * Lanes);
        }
    }

    /// <summary>
    /// The recurrence over all steps. For each chunk of 8 units one pass over R adds R h to its four gates,
    /// then the chunk's gates, c and h are updated in registers. Chunks go in pairs so that eight independent
    /// FMA chains hide the FMA latency; an odd last chunk splits its sum over even and odd j for the same reason.
    /// Step t reads h from output row t-1 (or <paramref name="h0"/>) and writes row t, so no chunk sees another
    /// chunk's new h too early.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Recur(PackedLstmLayer layer, ReadOnlySpan<float> gates, ReadOnlySpan<float> h0, Span<float> c, Span<float> output, int steps)
    {
        int width = layer.Width, hidden = layer.Hidden, padded = layer.Padded;
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float cs = ref MemoryMarshal.GetReference(c);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float r = ref MemoryMarshal.GetArrayDataReference(layer.RecurrentWeights);
        ref float previous = ref MemoryMarshal.GetReference(h0);
        for (int t = 0; t < steps; t++)
        {
            ref float gt = ref Unsafe.Add(ref g, t * width);
            ref float yt = ref Unsafe.Add(ref y, t * padded);
            int column = 0, chunk = 0;
            for (; column + 2 * Block <= width; column += 2 * Block, chunk += 2 * Lanes)
            {
                ref float ga = ref Unsafe.Add(ref gt, column);
                Vector256<float> i0 = Vector256.LoadUnsafe(ref ga), o0 = Vector256.LoadUnsafe(ref ga, Lanes);
                Vector256<float> f0 = Vector256.LoadUnsafe(ref ga, 2 * Lanes), z0 = Vector256.LoadUnsafe(ref ga, 3 * Lanes);
                Vector256<float> i1 = Vector256.LoadUnsafe(ref ga, Block), o1 = Vector256.LoadUnsafe(ref ga, Block + Lanes);
                Vector256<float> f1 = Vector256.LoadUnsafe(ref ga, Block + 2 * Lanes), z1 = Vector256.LoadUnsafe(ref ga, Block + 3 * Lanes);
                ref float rj = ref Unsafe.Add(ref r, column);
                for (int j = 0; j < hidden; j++)
                {
                    Vector256<float> h = Vector256.Create(Unsafe.Add(ref previous, j));
                    i0 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj), i0);
                    o0 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Lanes), o0);
                    f0 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, 2 * Lanes), f0);
                    z0 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, 3 * Lanes), z0);
                    i1 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Block), i1);
                    o1 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Block + Lanes), o1);
                    f1 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Block + 2 * Lanes), f1);
                    z1 = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Block + 3 * Lanes), z1);
                    rj = ref Unsafe.Add(ref rj, width);
                }
                UpdateChunk(i0, o0, f0, z0, ref Unsafe.Add(ref cs, chunk), ref Unsafe.Add(ref yt, chunk));
                UpdateChunk(i1, o1, f1, z1, ref Unsafe.Add(ref cs, chunk + Lanes), ref Unsafe.Add(ref yt, chunk + Lanes));
            }
            if (column < width)
            {
                ref float ga = ref Unsafe.Add(ref gt, column);
                Vector256<float> i = Vector256.LoadUnsafe(ref ga), o = Vector256.LoadUnsafe(ref ga, Lanes);
                Vector256<float> f = Vector256.LoadUnsafe(ref ga, 2 * Lanes), z = Vector256.LoadUnsafe(ref ga, 3 * Lanes);
                Vector256<float> iOdd = Vector256<float>.Zero, oOdd = Vector256<float>.Zero;
                Vector256<float> fOdd = Vector256<float>.Zero, zOdd = Vector256<float>.Zero;
                ref float rj = ref Unsafe.Add(ref r, column);
                int j = 0;
                for (; j + 1 < hidden; j += 2)
                {
                    Vector256<float> h = Vector256.Create(Unsafe.Add(ref previous, j));
                    Vector256<float> hNext = Vector256.Create(Unsafe.Add(ref previous, j + 1));
                    ref float rNext = ref Unsafe.Add(ref rj, width);
                    i = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj), i);
                    o = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Lanes), o);
                    f = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, 2 * Lanes), f);
                    z = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, 3 * Lanes), z);
                    iOdd = Vector256.FusedMultiplyAdd(hNext, Vector256.LoadUnsafe(ref rNext), iOdd);
                    oOdd = Vector256.FusedMultiplyAdd(hNext, Vector256.LoadUnsafe(ref rNext, Lanes), oOdd);
                    fOdd = Vector256.FusedMultiplyAdd(hNext, Vector256.LoadUnsafe(ref rNext, 2 * Lanes), fOdd);
                    zOdd = Vector256.FusedMultiplyAdd(hNext, Vector256.LoadUnsafe(ref rNext, 3 * Lanes), zOdd);
                    rj = ref Unsafe.Add(ref rNext, width);
                }
                if (j < hidden)
                {
                    Vector256<float> h = Vector256.Create(Unsafe.Add(ref previous, j));
                    i = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj), i);
                    o = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, Lanes), o);
                    f = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, 2 * Lanes), f);
                    z = Vector256.FusedMultiplyAdd(h, Vector256.LoadUnsafe(ref rj, 3 * Lanes), z);
                }
                UpdateChunk(i + iOdd, o + oOdd, f + fOdd, z + zOdd, ref Unsafe.Add(ref cs, chunk), ref Unsafe.Add(ref yt, chunk));
            }
            previous = ref yt;
        }
    }

    /// <summary>c' = sig(f) c + sig(i) tanh(z); h' = sig(o) tanh(c'), for 8 units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateChunk(
        Vector256<float> i, Vector256<float> o, Vector256<float> f, Vector256<float> z, ref float c, ref float h)
    {
        Vector256<float> cell = Vector256.FusedMultiplyAdd(
            LstmActivations.Sigmoid(f), Vector256.LoadUnsafe(ref c), LstmActivations.Sigmoid(i) * LstmActivations.Tanh(z));
        cell.StoreUnsafe(ref c);
        (LstmActivations.Sigmoid(o) * LstmActivations.Tanh(cell)).StoreUnsafe(ref h);
    }
}
