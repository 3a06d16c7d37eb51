namespace MusicEmotion.Inference.Managed;

/// <summary>
/// An LSTM layer's weights rearranged at load time for the kernels. Hidden units are padded to a multiple of
/// <see cref="Lanes"/> and grouped in chunks of 8; each chunk's four gate vectors (i, o, f, c) sit side by side,
/// so one pass over a row of weights updates all four gates of a chunk with contiguous 256-bit loads.
/// Padding lanes have zero weights and zero state, so they stay exactly 0 and never touch real units.
/// </summary>
internal sealed class PackedLstmLayer
{
    /// <summary>Floats in a 256-bit vector; the layout is the same for the scalar kernels.</summary>
    public const int Lanes = 8;

    /// <summary>ONNX's gate order in W, R and B.</summary>
    public const int GateI = 0, GateO = 1, GateF = 2, GateC = 3, Gates = 4;

    private PackedLstmLayer(LstmLayer layer)
    {
        InputSize = layer.InputSize;
        Hidden = layer.Hidden;
        Padded = (Hidden + Lanes - 1) / Lanes * Lanes;
        Width = Gates * Padded;
        InputWeights = new float[InputSize * Width];
        RecurrentWeights = new float[Hidden * Width];
        Bias = new float[Width];
        InitialH = new float[Padded];
        InitialC = new float[Padded];
        for (int gate = 0; gate < Gates; gate++)
        {
            for (int unit = 0; unit < Hidden; unit++)
            {
                int row = gate * Hidden + unit;
                int column = Column(unit, gate);
                for (int k = 0; k < InputSize; k++)
                {
                    InputWeights[k * Width + column] = layer.InputWeights[row * InputSize + k];
                }
                for (int j = 0; j < Hidden; j++)
                {
                    RecurrentWeights[j * Width + column] = layer.RecurrentWeights[row * Hidden + j];
                }
                // ONNX adds both biases to every step; folding them into one saves an add per gate and step.
                Bias[column] = layer.InputBias[row] + layer.RecurrentBias[row];
            }
        }
        layer.InitialH.CopyTo(InitialH, 0);
        layer.InitialC.CopyTo(InitialC, 0);
    }

    public int InputSize { get; }

    public int Hidden { get; }

    /// <summary>Hidden rounded up to a multiple of <see cref="Lanes"/>: the stride of h, c and the layer's output.</summary>
    public int Padded { get; }

    /// <summary>Gate pre-activations per step: 4 * <see cref="Padded"/>.</summary>
    public int Width { get; }

    /// <summary>W transposed and packed: [InputSize, Width].</summary>
    public float[] InputWeights { get; }

    /// <summary>R transposed and packed: [Hidden, Width].</summary>
    public float[] RecurrentWeights { get; }

    /// <summary>Wb + Rb, packed: [Width].</summary>
    public float[] Bias { get; }

    public float[] InitialH { get; }

    public float[] InitialC { get; }

    public static PackedLstmLayer Pack(LstmLayer layer) => new(layer);

    /// <summary>Where gate <paramref name="gate"/> of hidden unit <paramref name="unit"/> sits in a packed row.</summary>
    public static int Column(int unit, int gate) => ((unit / Lanes * Gates) + gate) * Lanes + unit % Lanes;
}
