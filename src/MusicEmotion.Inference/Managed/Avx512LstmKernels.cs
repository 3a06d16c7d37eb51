using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The LSTM kernels on 512-bit vectors, over the same packed layout as <see cref="Avx2LstmKernels"/>: a chunk's
/// four gate vectors of 8 units are two 512-bit vectors, (i, o) and (f, c). Where the CPU runs 512-bit FMAs at
/// the 256-bit rate (the runtime reports Vector512 as accelerated only there) this halves the instruction count
/// of both the projection and the recurrence.
/// </summary>
internal static class Avx512LstmKernels
{
    private const int Lanes = PackedLstmLayer.Lanes;
    private const int Block = PackedLstmLayer.Gates * Lanes;
    private const int Wide = 16;

    /// <summary>gates[t] = bias + x[t] W^T: four steps share each weight load, eight accumulators in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ProjectInput(ReadOnlySpan<float> x, int xStride, int steps, PackedLstmLayer layer, Span<float> gates)
    {
        int width = layer.Width, inputSize = layer.InputSize;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float w = ref MemoryMarshal.GetArrayDataReference(layer.InputWeights);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(layer.Bias);
        int t = 0;
        for (; t + 3 < steps; t += 4)
        {
            ref float x0 = ref Unsafe.Add(ref xs, t * xStride);
            ref float x1 = ref Unsafe.Add(ref x0, xStride);
            ref float x2 = ref Unsafe.Add(ref x1, xStride);
            ref float x3 = ref Unsafe.Add(ref x2, xStride);
            for (int column = 0; column < width; column += Block)
            {
                Vector512<float> low = Vector512.LoadUnsafe(ref bias, (nuint)column);
                Vector512<float> high = Vector512.LoadUnsafe(ref bias, (nuint)(column + Wide));
                Vector512<float> a0 = low, a1 = high, b0 = low, b1 = high, c0 = low, c1 = high, d0 = low, d1 = high;
                ref float wk = ref Unsafe.Add(ref w, column);
                for (int k = 0; k < inputSize; k++)
                {
                    Vector512<float> w0 = Vector512.LoadUnsafe(ref wk);
                    Vector512<float> w1 = Vector512.LoadUnsafe(ref wk, Wide);
                    Vector512<float> u = Vector512.Create(Unsafe.Add(ref x0, k));
                    a0 = Vector512.FusedMultiplyAdd(u, w0, a0);
                    a1 = Vector512.FusedMultiplyAdd(u, w1, a1);
                    u = Vector512.Create(Unsafe.Add(ref x1, k));
                    b0 = Vector512.FusedMultiplyAdd(u, w0, b0);
                    b1 = Vector512.FusedMultiplyAdd(u, w1, b1);
                    u = Vector512.Create(Unsafe.Add(ref x2, k));
                    c0 = Vector512.FusedMultiplyAdd(u, w0, c0);
                    c1 = Vector512.FusedMultiplyAdd(u, w1, c1);
                    u = Vector512.Create(Unsafe.Add(ref x3, k));
                    d0 = Vector512.FusedMultiplyAdd(u, w0, d0);
                    d1 = Vector512.FusedMultiplyAdd(u, w1, d1);
                    wk = ref Unsafe.Add(ref wk, width);
                }
                ref float row = ref Unsafe.Add(ref g, t * width + column);
                a0.StoreUnsafe(ref row);
                a1.StoreUnsafe(ref row, Wide);
                row = ref Unsafe.Add(ref row, width);
                b0.StoreUnsafe(ref row);
                b1.StoreUnsafe(ref row, Wide);
                row = ref Unsafe.Add(ref row, width);
                c0.StoreUnsafe(ref row);
                c1.StoreUnsafe(ref row, Wide);
                row = ref Unsafe.Add(ref row, width);
                d0.StoreUnsafe(ref row);
                d1.StoreUnsafe(ref row, Wide);
            }
        }
        for (; t < steps; t++)
        {
            ref float xt = ref Unsafe.Add(ref xs, t * xStride);
            for (int column = 0; column < width; column += Block)
            {
                Vector512<float> a0 = Vector512.LoadUnsafe(ref bias, (nuint)column);
                Vector512<float> a1 = Vector512.LoadUnsafe(ref bias, (nuint)(column + Wide));
                ref float wk = ref Unsafe.Add(ref w, column);
                for (int k = 0; k < inputSize; k++)
                {
                    Vector512<float> u = Vector512.Create(Unsafe.Add(ref xt, k));
                    a0 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref wk), a0);
                    a1 = Vector512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref wk, Wide), a1);
                    wk = ref Unsafe.Add(ref wk, width);
                }
                ref float row = ref Unsafe.Add(ref g, t * width + column);
                a0.StoreUnsafe(ref row);
                a1.StoreUnsafe(ref row, Wide);
            }
        }
    }

    /// <summary>
    /// The recurrence, as in <see cref="Avx2LstmKernels.Recur"/>: chunks in pairs, each sum split over even and
    /// odd j, so eight independent FMA chains hide the latency; an odd last chunk splits its sum four ways.
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
                Vector512<float> ioA = Vector512.LoadUnsafe(ref ga), fzA = Vector512.LoadUnsafe(ref ga, Wide);
                Vector512<float> ioB = Vector512.LoadUnsafe(ref ga, 2 * Wide), fzB = Vector512.LoadUnsafe(ref ga, 3 * Wide);
                Vector512<float> ioA2 = Vector512<float>.Zero, fzA2 = Vector512<float>.Zero;
                Vector512<float> ioB2 = Vector512<float>.Zero, fzB2 = Vector512<float>.Zero;
                ref float rj = ref Unsafe.Add(ref r, column);
                int j = 0;
                for (; j + 1 < hidden; j += 2)
                {
                    Vector512<float> h = Vector512.Create(Unsafe.Add(ref previous, j));
                    Vector512<float> hNext = Vector512.Create(Unsafe.Add(ref previous, j + 1));
                    ref float rNext = ref Unsafe.Add(ref rj, width);
                    ioA = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj), ioA);
                    fzA = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, Wide), fzA);
                    ioB = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, 2 * Wide), ioB);
                    fzB = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, 3 * Wide), fzB);
                    ioA2 = Vector512.FusedMultiplyAdd(hNext, Vector512.LoadUnsafe(ref rNext), ioA2);
                    fzA2 = Vector512.FusedMultiplyAdd(hNext, Vector512.LoadUnsafe(ref rNext, Wide), fzA2);
                    ioB2 = Vector512.FusedMultiplyAdd(hNext, Vector512.LoadUnsafe(ref rNext, 2 * Wide), ioB2);
                    fzB2 = Vector512.FusedMultiplyAdd(hNext, Vector512.LoadUnsafe(ref rNext, 3 * Wide), fzB2);
                    rj = ref Unsafe.Add(ref rNext, width);
                }
                if (j < hidden)
                {
                    Vector512<float> h = Vector512.Create(Unsafe.Add(ref previous, j));
                    ioA = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj), ioA);
                    fzA = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, Wide), fzA);
                    ioB = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, 2 * Wide), ioB);
                    fzB = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, 3 * Wide), fzB);
                }
                UpdatePair(ioA + ioA2, fzA + fzA2, ioB + ioB2, fzB + fzB2, ref Unsafe.Add(ref cs, chunk), ref Unsafe.Add(ref yt, chunk));
            }
            if (column < width)
            {
                ref float ga = ref Unsafe.Add(ref gt, column);
                Vector512<float> io0 = Vector512.LoadUnsafe(ref ga), fz0 = Vector512.LoadUnsafe(ref ga, Wide);
                Vector512<float> io1 = Vector512<float>.Zero, fz1 = Vector512<float>.Zero;
                Vector512<float> io2 = Vector512<float>.Zero, fz2 = Vector512<float>.Zero;
                Vector512<float> io3 = Vector512<float>.Zero, fz3 = Vector512<float>.Zero;
                ref float rj = ref Unsafe.Add(ref r, column);
                int j = 0;
                for (; j + 3 < hidden; j += 4)
                {
                    ref float r1 = ref Unsafe.Add(ref rj, width);
                    ref float r2 = ref Unsafe.Add(ref r1, width);
                    ref float r3 = ref Unsafe.Add(ref r2, width);
                    Vector512<float> h = Vector512.Create(Unsafe.Add(ref previous, j));
                    io0 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj), io0);
                    fz0 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, Wide), fz0);
                    h = Vector512.Create(Unsafe.Add(ref previous, j + 1));
                    io1 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref r1), io1);
                    fz1 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref r1, Wide), fz1);
                    h = Vector512.Create(Unsafe.Add(ref previous, j + 2));
                    io2 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref r2), io2);
                    fz2 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref r2, Wide), fz2);
                    h = Vector512.Create(Unsafe.Add(ref previous, j + 3));
                    io3 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref r3), io3);
                    fz3 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref r3, Wide), fz3);
                    rj = ref Unsafe.Add(ref r3, width);
                }
                for (; j < hidden; j++)
                {
                    Vector512<float> h = Vector512.Create(Unsafe.Add(ref previous, j));
                    io0 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj), io0);
                    fz0 = Vector512.FusedMultiplyAdd(h, Vector512.LoadUnsafe(ref rj, Wide), fz0);
                    rj = ref Unsafe.Add(ref rj, width);
                }
                UpdateChunk((io0 + io1) + (io2 + io3), (fz0 + fz1) + (fz2 + fz3), ref Unsafe.Add(ref cs, chunk), ref Unsafe.Add(ref yt, chunk));
            }
            previous = ref yt;
        }
    }

    /// <summary>
    /// sig(i) and sig(o) in one vector; sig(f) and tanh(z) = 2 sig(2z) - 1 in the other; then c and h of 8 units.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Cell(Vector512<float> io, Vector512<float> fz, ref float c, out Vector256<float> o)
    {
        Vector512<float> sio = LstmActivations.Sigmoid(io);
        Vector512<float> sfz = LstmActivations.Sigmoid(fz * Vector512.Create(Vector256<float>.One, Vector256.Create(2f)));
        Vector256<float> z = Vector256.FusedMultiplyAdd(sfz.GetUpper(), Vector256.Create(2f), Vector256.Create(-1f));
        Vector256<float> cell = Vector256.FusedMultiplyAdd(sfz.GetLower(), Vector256.LoadUnsafe(ref c), sio.GetLower() * z);
        cell.StoreUnsafe(ref c);
        o = sio.GetUpper();
        return cell;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateChunk(Vector512<float> io, Vector512<float> fz, ref float c, ref float h)
    {
        Vector256<float> cell = Cell(io, fz, ref c, out Vector256<float> o);
        (o * LstmActivations.Tanh(cell)).StoreUnsafe(ref h);
    }

    /// <summary>Two chunks, their tanh(c) in one 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdatePair(
        Vector512<float> ioA, Vector512<float> fzA, Vector512<float> ioB, Vector512<float> fzB, ref float c, ref float h)
    {
        Vector256<float> cellA = Cell(ioA, fzA, ref c, out Vector256<float> oA);
        Vector256<float> cellB = Cell(ioB, fzB, ref Unsafe.Add(ref c, Lanes), out Vector256<float> oB);
        (Vector512.Create(oA, oB) * LstmActivations.Tanh(Vector512.Create(cellA, cellB))).StoreUnsafe(ref h);
    }
}
