using System.Runtime.CompilerServices;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The LSTM kernels as plain float loops over the same packed layout as <see cref="Avx2LstmKernels"/>:
/// for CPUs without AVX2, and as the straightforward reading of the same arithmetic.
/// </summary>
internal static class ScalarLstmKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ProjectInput(ReadOnlySpan<float> x, int xStride, int steps, PackedLstmLayer layer, Span<float> gates)
    {
        int width = layer.Width;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> input = x.Slice(t * xStride, layer.InputSize);
            Span<float> row = gates.Slice(t * width, width);
            layer.Bias.CopyTo(row);
            for (int k = 0; k < input.Length; k++)
            {
                float value = input[k];
                ReadOnlySpan<float> weights = layer.InputWeights.AsSpan(k * width, width);
                for (int column = 0; column < width; column++)
                {
                    row[column] += value * weights[column];
                }
            }
        }
    }

    /// <summary>
    /// The recurrence: gates row t (no longer needed after step t) accumulates R h in place, row by row of R
    /// so the inner loop runs over contiguous memory; then every unit's gates, c and h are updated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Recur(PackedLstmLayer layer, Span<float> gates, ReadOnlySpan<float> h0, Span<float> c, Span<float> output, int steps)
    {
        int width = layer.Width, padded = layer.Padded;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> previous = t == 0 ? h0 : output.Slice((t - 1) * padded, padded);
            Span<float> row = gates.Slice(t * width, width);
            for (int j = 0; j < layer.Hidden; j++)
            {
                float h = previous[j];
                ReadOnlySpan<float> weights = layer.RecurrentWeights.AsSpan(j * width, width);
                for (int column = 0; column < row.Length; column++)
                {
                    row[column] += h * weights[column];
                }
            }
            Span<float> next = output.Slice(t * padded, padded);
            for (int unit = 0; unit < padded; unit++)
            {
                float i = LstmActivations.Sigmoid(row[PackedLstmLayer.Column(unit, PackedLstmLayer.GateI)]);
                float o = LstmActivations.Sigmoid(row[PackedLstmLayer.Column(unit, PackedLstmLayer.GateO)]);
                float f = LstmActivations.Sigmoid(row[PackedLstmLayer.Column(unit, PackedLstmLayer.GateF)]);
                float z = LstmActivations.Tanh(row[PackedLstmLayer.Column(unit, PackedLstmLayer.GateC)]);
                c[unit] = f * c[unit] + i * z;
                next[unit] = o * LstmActivations.Tanh(c[unit]);
            }
        }
    }
}
