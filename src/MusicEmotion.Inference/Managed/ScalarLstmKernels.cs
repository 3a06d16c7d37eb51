namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The LSTM kernels as plain float loops over the same packed layout as <see cref="Avx2LstmKernels"/>:
/// for CPUs without AVX2, and as the straightforward reading of the same arithmetic.
/// </summary>
internal static class ScalarLstmKernels
{
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

    public static void Recur(PackedLstmLayer layer, ReadOnlySpan<float> gates, ReadOnlySpan<float> h0, Span<float> c, Span<float> output, int steps)
    {
        int width = layer.Width, padded = layer.Padded;
        Span<float> sums = stackalloc float[PackedLstmLayer.Gates];
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> previous = t == 0 ? h0 : output.Slice((t - 1) * padded, padded);
            Span<float> h = output.Slice(t * padded, padded);
            for (int unit = 0; unit < padded; unit++)
            {
                for (int gate = 0; gate < PackedLstmLayer.Gates; gate++)
                {
                    int column = PackedLstmLayer.Column(unit, gate);
                    float sum = gates[t * width + column];
                    for (int j = 0; j < layer.Hidden; j++)
                    {
                        sum += previous[j] * layer.RecurrentWeights[j * width + column];
                    }
                    sums[gate] = sum;
                }
                float i = LstmActivations.Sigmoid(sums[PackedLstmLayer.GateI]);
                float o = LstmActivations.Sigmoid(sums[PackedLstmLayer.GateO]);
                float f = LstmActivations.Sigmoid(sums[PackedLstmLayer.GateF]);
                float z = LstmActivations.Tanh(sums[PackedLstmLayer.GateC]);
                c[unit] = f * c[unit] + i * z;
                h[unit] = o * LstmActivations.Tanh(c[unit]);
            }
        }
    }
}
