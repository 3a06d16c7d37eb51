namespace MusicEmotion.Inference.Onnx;

/// <summary>An ONNX model as far as this project reads it: IR version, operator sets and the main graph.</summary>
public sealed record OnnxModel(
    long IrVersion,
    IReadOnlyList<OnnxOpsetImport> OpsetImports,
    OnnxGraph Graph,
    string ProducerName = "",
    string ProducerVersion = "")
{
    /// <summary>The version of the operator set imported for <paramref name="domain"/> ("" is the standard one).</summary>
    public long? OpsetVersion(string domain = "")
    {
        foreach (OnnxOpsetImport import in OpsetImports)
        {
            if (import.Domain == domain || (domain.Length == 0 && import.Domain == "ai.onnx"))
            {
                return import.Version;
            }
        }
        return null;
    }
}

public sealed record OnnxOpsetImport(string Domain, long Version);

/// <summary>A computation graph: nodes in topological order, constant initializers, and typed inputs and outputs.</summary>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensorProto> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    IReadOnlyList<OnnxValueInfo> ValueInfo);
