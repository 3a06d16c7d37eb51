using MusicEmotion.Inference.Onnx;
using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.TestSupport.Onnx;

/// <summary>
/// Assembles an ONNX graph node by node, naming values the way torch's exporter does
/// ("/lstm/LSTM" produces "/lstm/LSTM_output_0"). Used for the models this project generates itself.
/// </summary>
public sealed class OnnxGraphBuilder(string name)
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensorProto> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private int _constants;

    /// <summary>The name of output <paramref name="index"/> of the node called <paramref name="node"/>.</summary>
    public static string OutputOf(string node, int index = 0) => $"{node}_output_{index}";

    public void AddInput(string valueName, params long[] shape) =>
        _inputs.Add(new OnnxValueInfo(valueName, OnnxElementType.Float, Fixed(shape)));

    public void AddOutput(string valueName, params long[] shape) =>
        _outputs.Add(new OnnxValueInfo(valueName, OnnxElementType.Float, Fixed(shape)));

    /// <returns>The initializer's name.</returns>
    public string AddInitializer(OnnxTensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A Constant node holding int64 <paramref name="values"/> (a scalar when <paramref name="dims"/> is empty).</summary>
    /// <returns>The constant's value name.</returns>
    public string AddConstant(long[] values, params long[] dims)
    {
        string node = _constants == 0 ? "/Constant" : $"/Constant_{_constants}";
        _constants++;
        return AddNode("Constant", node, [], OnnxAttribute.OfTensor("value", OnnxTensorProto.Int64("", values, dims)));
    }

    /// <summary>A node with one output, named after the node.</summary>
    /// <returns>The output's value name.</returns>
    public string AddNode(string opType, string nodeName, string[] inputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, nodeName, inputs, [OutputOf(nodeName)], attributes)[0];

    /// <summary>A node whose outputs are named by the caller (graph outputs, or several outputs).</summary>
    /// <returns><paramref name="outputs"/>.</returns>
    public string[] AddNode(string opType, string nodeName, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        _nodes.Add(new OnnxNode(opType, nodeName, inputs, outputs, attributes));
        return outputs;
    }

    /// <summary>The model around the graph, importing the standard operator set at <paramref name="opset"/>.</summary>
    public OnnxModel ToModel(long opset = 14, long irVersion = 7) => new(
        irVersion,
        [new OnnxOpsetImport("", opset)],
        new OnnxGraph(name, [.. _nodes], [.. _initializers], [.. _inputs], [.. _outputs], []),
        "MusicEmotion",
        "0.1.0");

    private static OnnxDimension[] Fixed(long[] shape) => Array.ConvertAll(shape, OnnxDimension.Fixed);
}
