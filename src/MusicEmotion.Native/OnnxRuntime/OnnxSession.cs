using Microsoft.ML.OnnxRuntime;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>A model loaded into ONNX Runtime, with the inputs and outputs it declares.</summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;

    private OnnxSession(InferenceSession session)
    {
        _session = session;
        RunOptions = new RunOptions();
        Inputs = ReadSpecs(session.InputNames, session.InputMetadata);
        Outputs = ReadSpecs(session.OutputNames, session.OutputMetadata);
    }

    public IReadOnlyList<OnnxTensorSpec> Inputs { get; }

    public IReadOnlyList<OnnxTensorSpec> Outputs { get; }

    internal InferenceSession Session => _session;

    internal RunOptions RunOptions { get; }

    /// <summary>Loads <paramref name="modelPath"/>; ORT's reason when it cannot comes as <see cref="OnnxRuntimeException"/>.</summary>
    public static OnnxSession Open(string modelPath, OnnxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        return new OnnxSession(OnnxRuntimeLibrary.Call(() => new InferenceSession(modelPath, options.Options)));
    }

    /// <summary>A new, empty set of pre-bound inputs and outputs for this session.</summary>
    public OnnxBinding CreateBinding() => new(this, OnnxRuntimeLibrary.Call(_session.CreateIoBinding));

    public void Dispose()
    {
        RunOptions.Dispose();
        _session.Dispose();
    }

    private static OnnxTensorSpec[] ReadSpecs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. names.Select(name => ReadSpec(name, metadata[name]))];

    private static OnnxTensorSpec ReadSpec(string name, NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            // A sequence, map or optional: not a tensor, so it has no element type or shape to report.
            return new OnnxTensorSpec(name, OnnxElementType.Undefined, []);
        }
        // TensorElementType carries ONNX's TensorProto.DataType numbers, as OnnxElementType does.
        var elementType = (OnnxElementType)(int)node.ElementDataType;
        return new OnnxTensorSpec(name, elementType, [.. node.Dimensions.Select(d => (long)d)]);
    }
}
