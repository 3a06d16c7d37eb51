using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// What the managed engine runs, lowered from an ONNX graph and validated: a chain of forward LSTM layers over
/// a [<see cref="Steps"/>, <see cref="InputSize"/>] sequence, then a head of dense layers and activations on
/// one time step of the last layer. A stateful network takes each layer's initial h and c from the carried
/// state (the h_in/c_in inputs) and hands back the final ones; a stateless one starts every run from the
/// layers' constant initial states (zeros, as torch exports them).
/// </summary>
/// <param name="Source">The model file, for messages.</param>
/// <param name="InputName">The sequence input's name ("mel", "history").</param>
/// <param name="InputShape">The sequence input's shape as the file declares it, such as [N,44,128].</param>
/// <param name="Steps">Time steps per run (44 for an emotion model).</param>
/// <param name="InputSize">Features per time step (128 mel bands).</param>
/// <param name="Layers">The LSTM layers, first to last.</param>
/// <param name="IsStateful">Whether the layers start from the carried state rather than their constants.</param>
/// <param name="HeadStep">The time step the head reads (the last one in every torch export).</param>
/// <param name="Head">The head's operations, in order.</param>
/// <param name="OutputShape">The head output's shape with the batch dimension bound to 1.</param>
public sealed record LstmNetwork(
    string Source,
    string InputName,
    IReadOnlyList<OnnxDimension> InputShape,
    int Steps,
    int InputSize,
    IReadOnlyList<LstmLayer> Layers,
    bool IsStateful,
    int HeadStep,
    IReadOnlyList<HeadOperation> Head,
    IReadOnlyList<long> OutputShape)
{
    /// <summary>Reads and lowers an .onnx file; anything it cannot run gives an <see cref="OnnxModelException"/>.</summary>
    public static LstmNetwork Load(string onnxPath) => FromModel(OnnxModelReader.Read(onnxPath), onnxPath);

    /// <param name="model">The ONNX model.</param>
    /// <param name="source">What messages call the model (its file).</param>
    public static LstmNetwork FromModel(OnnxModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        return OnnxLstmLowering.Lower(model, source);
    }

    /// <summary>Floats the head writes.</summary>
    public int OutputSize => Head.Count == 0 ? Layers[^1].Hidden : Head[^1].OutputSize;

    /// <summary>The model's name: its file stem.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Source);

    public string DescribeInput() => $"'{InputName}' [{string.Join(",", InputShape)}]";
}

/// <summary>
/// One forward LSTM layer in ONNX's layout: gate blocks stacked in the order i, o, f, c (input, output,
/// forget, cell), <c>gates = W x + Wb + R h + Rb</c>, <c>c' = sig(f) c + sig(i) tanh(g)</c>,
/// <c>h' = sig(o) tanh(c')</c>.
/// </summary>
/// <param name="InputSize">Features of the layer's input.</param>
/// <param name="Hidden">The layer's hidden size.</param>
/// <param name="InputWeights">W, [4 * Hidden, InputSize] row-major.</param>
/// <param name="RecurrentWeights">R, [4 * Hidden, Hidden] row-major.</param>
/// <param name="InputBias">Wb, [4 * Hidden].</param>
/// <param name="RecurrentBias">Rb, [4 * Hidden].</param>
/// <param name="InitialH">h at the start of a run of a stateless network, [Hidden].</param>
/// <param name="InitialC">c at the start of a run of a stateless network, [Hidden].</param>
public sealed record LstmLayer(
    int InputSize,
    int Hidden,
    float[] InputWeights,
    float[] RecurrentWeights,
    float[] InputBias,
    float[] RecurrentBias,
    float[] InitialH,
    float[] InitialC);

/// <summary>One step of the head that maps the last LSTM output to the model's output.</summary>
public abstract record HeadOperation(int InputSize, int OutputSize);

/// <summary><c>y = W x + b</c> with W [OutputSize, InputSize] row-major (Gemm, MatMul).</summary>
public sealed record DenseOperation(float[] Weights, float[] Bias, int InputSize, int OutputSize)
    : HeadOperation(InputSize, OutputSize);

/// <summary><c>y = x + b</c>, the constant already broadcast to the vector's length (Add).</summary>
public sealed record BiasOperation(float[] Bias) : HeadOperation(Bias.Length, Bias.Length);

/// <summary>An element-wise activation (Relu, Sigmoid, Tanh).</summary>
public sealed record ActivationOperation(ActivationKind Kind, int Size) : HeadOperation(Size, Size);

public enum ActivationKind
{
    Relu,
    Sigmoid,
    Tanh,
}
