using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// Turns an ONNX graph into an <see cref="LstmNetwork"/> by walking its nodes once with the batch size bound
/// to 1: constant sub-graphs (the Shape/Gather/ConstantOfShape chains torch emits for zero states) are folded,
/// views of the sequence are followed through Transpose/Squeeze/Unsqueeze/Reshape, each LSTM node becomes a
/// layer, Slice/Concat of h_in/c_in and Y_h/Y_c tell how the state is carried, and everything after the
/// Gather of a time step becomes the head. Whatever falls outside that shape gives an
/// <see cref="OnnxModelException"/> naming the file and the node.
/// </summary>
internal sealed partial class OnnxLstmLowering
{
    private static readonly string[] SupportedOps =
    [
        "LSTM", "Gemm", "MatMul", "Add", "Tanh", "Sigmoid", "Relu", "Transpose", "Squeeze", "Unsqueeze", "Reshape",
        "Flatten", "Identity", "Slice", "Concat", "Gather", "Shape", "Constant", "ConstantOfShape", "Expand",
    ];

    // Ops that only re-view their first input; following them finds which graph input feeds what.
    private static readonly HashSet<string> ViewOps = ["Transpose", "Squeeze", "Unsqueeze", "Reshape", "Identity", "Slice", "Flatten"];

    private readonly OnnxModel _model;
    private readonly string _source;
    private readonly Dictionary<string, GraphValue> _values = new(StringComparer.Ordinal);
    private readonly List<LstmLayer> _layers = [];
    private readonly List<bool> _layerReadsState = [];
    private readonly List<HeadOperation> _head = [];
    private string _inputName = "";
    private IReadOnlyList<OnnxDimension> _inputShape = [];
    private int _steps;
    private int _inputSize;
    private int _stateLayers;
    private int _stateHidden;
    private bool _hasStateInputs;
    private int _headLayer = -1;
    private int _headStep = -1;

    private OnnxLstmLowering(OnnxModel model, string source)
    {
        _model = model;
        _source = source;
    }

    public static LstmNetwork Lower(OnnxModel model, string source) => new OnnxLstmLowering(model, source).Run();

    private LstmNetwork Run()
    {
        if (_model.OpsetVersion() is null)
        {
            throw Fail("imports no standard ONNX operator set");
        }
        OnnxGraph graph = _model.Graph;
        foreach (OnnxTensorProto initializer in graph.Initializers)
        {
            _values[initializer.Name] = new ConstantValue(At($"initializer '{initializer.Name}'", () => ConstantTensor.FromOnnx(initializer)));
        }
        // An op outside the set is named first: it is the one-line reason auto gives for choosing ONNX Runtime,
        // where a structural complaint about what it feeds (a Conv before the LSTM) would hide it.
        if (graph.Nodes.FirstOrDefault(n => !IsStandard(n) || !SupportedOps.Contains(n.OpType)) is OnnxNode foreign)
        {
            throw Unsupported(foreign, IsStandard(foreign) ? foreign.OpType : $"{foreign.Domain}.{foreign.OpType}");
        }
        BindInputs(graph);
        foreach (OnnxNode node in graph.Nodes)
        {
            GraphValue?[] results = At($"node '{node.Label}' ({node.OpType})", () => Apply(node));
            for (int i = 0; i < node.Outputs.Count && i < results.Length; i++)
            {
                if (node.Outputs[i].Length > 0 && results[i] is GraphValue result)
                {
                    _values[node.Outputs[i]] = result;
                }
            }
        }
        return Finish(graph);
    }

    private OnnxModelException Fail(string problem) => new(_source, problem);

    private T At<T>(string where, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (LoweringException e)
        {
            throw Fail($"{where}: {e.Message}");
        }
    }

    /// <summary>
    /// The sequence input is the one the first LSTM's X comes from; h_in and c_in are those its initial_h and
    /// initial_c come from. Only then can their shapes be read with the right meaning.
    /// </summary>
    private void BindInputs(OnnxGraph graph)
    {
        var initializers = graph.Initializers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Inputs.Where(i => !initializers.Contains(i.Name)).ToDictionary(i => i.Name, StringComparer.Ordinal);
        var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (OnnxNode node in graph.Nodes)
        {
            foreach (string output in node.Outputs)
            {
                producers[output] = node;
            }
        }
        string? OriginOf(string value)
        {
            for (int hops = 0; hops <= graph.Nodes.Count; hops++)
            {
                if (inputs.ContainsKey(value))
                {
                    return value;
                }
                if (!producers.TryGetValue(value, out OnnxNode? node) || !ViewOps.Contains(node.OpType) || node.Inputs.Count == 0)
                {
                    return null;
                }
                value = node.Inputs[0];
            }
            return null;
        }

        OnnxNode[] lstms = [.. graph.Nodes.Where(n => n.OpType == "LSTM")];
        if (lstms.Length == 0)
        {
            throw Fail("has no LSTM node; the managed engine runs LSTM networks");
        }
        string sequence = OriginOf(lstms[0].Inputs[0])
            ?? throw Fail($"the first LSTM ('{lstms[0].Label}') does not read a graph input");
        string? hidden = StateOrigin(lstms, 5, OriginOf);
        string? cell = StateOrigin(lstms, 6, OriginOf);
        foreach (OnnxValueInfo input in inputs.Values)
        {
            if (input.ElementType != MusicEmotion.Native.OnnxRuntime.OnnxElementType.Float)
            {
                throw Fail($"input '{input.Name}' is {input.ElementType}; the managed engine takes float inputs");
            }
            if (input.Name == sequence)
            {
                BindSequence(input);
            }
            else if (input.Name == hidden || input.Name == cell)
            {
                BindState(input, input.Name == hidden ? StateKind.Hidden : StateKind.Cell);
            }
            else
            {
                throw Fail($"input '{input.Name}' feeds neither the LSTM sequence nor its initial state");
            }
        }
        if ((hidden is null) != (cell is null) || hidden == sequence || cell == sequence)
        {
            throw Fail("takes only one of the LSTM's h and c states as an input; a stateful model takes both (h_in, c_in)");
        }
        _hasStateInputs = hidden is not null;
    }

    private string? StateOrigin(OnnxNode[] lstms, int slot, Func<string, string?> originOf)
    {
        string[] origins = [.. lstms
            .Where(n => n.Inputs.Count > slot && n.Inputs[slot].Length > 0)
            .Select(n => originOf(n.Inputs[slot]))
            .OfType<string>()
            .Distinct()];
        return origins.Length switch
        {
            0 => null,
            1 => origins[0],
            _ => throw Fail($"LSTM states come from several inputs ({string.Join(", ", origins)}); expected one h_in and one c_in"),
        };
    }

    private void BindSequence(OnnxValueInfo input)
    {
        IReadOnlyList<OnnxDimension> shape = input.Shape ?? [];
        if (shape.Count != 3 || !IsBatch(shape[0]) || shape[1].Value is not > 0 || shape[2].Value is not > 0)
        {
            throw Fail($"input '{input.Name}' is {input.DescribeShape()}; expected [batch, steps, features] with fixed steps and features and a batch of 1 or symbolic");
        }
        _inputName = input.Name;
        _inputShape = shape;
        _steps = (int)shape[1].Value!.Value;
        _inputSize = (int)shape[2].Value!.Value;
        _values[input.Name] = new SequenceValue([1, _steps, _inputSize], [AxisRole.Unit, AxisRole.Time, AxisRole.Feature], -1);
    }

    private void BindState(OnnxValueInfo input, StateKind kind)
    {
        IReadOnlyList<OnnxDimension> shape = input.Shape ?? [];
        if (shape.Count != 3 || shape[0].Value is not > 0 || !IsBatch(shape[1]) || shape[2].Value is not > 0)
        {
            throw Fail($"state input '{input.Name}' is {input.DescribeShape()}; expected [layers, 1, hidden]");
        }
        int layers = (int)shape[0].Value!.Value, hidden = (int)shape[2].Value!.Value;
        if (_stateLayers != 0 && (_stateLayers != layers || _stateHidden != hidden))
        {
            throw Fail($"state input '{input.Name}' is {input.DescribeShape()}, unlike the other state input [{_stateLayers},1,{_stateHidden}]");
        }
        _stateLayers = layers;
        _stateHidden = hidden;
        _values[input.Name] = new StateValue([layers, 1, hidden], kind, IsInput: true, 0, layers);
    }

    private static bool IsBatch(OnnxDimension d) => d.Value is null or 1;

    private GraphValue?[] Apply(OnnxNode node)
    {
        GraphValue?[] args = [.. node.Inputs.Select(Resolve)];
        return node.OpType switch
        {
            "Constant" => [ConstantNode(node)],
            "Identity" => [Arg(args, 0)],
            "Shape" => [ShapeNode(node, Arg(args, 0))],
            "ConstantOfShape" => [ConstantOfShapeNode(node, args)],
            "Expand" => [ExpandNode(args)],
            "Gather" => [GatherNode(node, args)],
            "Unsqueeze" => [UnsqueezeNode(node, args)],
            "Squeeze" => [SqueezeNode(node, args)],
            "Concat" => [ConcatNode(node, args)],
            "Slice" => [SliceNode(node, args)],
            "Transpose" => [TransposeNode(node, Arg(args, 0))],
            "Reshape" => [ReshapeNode(node, args)],
            "Flatten" => [FlattenNode(node, Arg(args, 0))],
            "LSTM" => LstmNode(node, args),
            "Gemm" => [GemmNode(node, args)],
            "MatMul" => [MatMulNode(args)],
            "Add" => [AddNode(args)],
            "Relu" => [Activation(Arg(args, 0), ActivationKind.Relu)],
            "Sigmoid" => [Activation(Arg(args, 0), ActivationKind.Sigmoid)],
            "Tanh" => [Activation(Arg(args, 0), ActivationKind.Tanh)],
            _ => throw Unsupported(node, node.OpType),
        };
    }

    private static bool IsStandard(OnnxNode node) => node.Domain.Length == 0 || node.Domain == "ai.onnx";

    private OnnxModelException Unsupported(OnnxNode node, string op) => Fail(
        $"unsupported op '{op}' (node '{node.Label}'); the managed engine runs LSTM networks (supported ops: {string.Join(", ", SupportedOps)})");

    private GraphValue? Resolve(string name) =>
        name.Length == 0 ? null
        : _values.TryGetValue(name, out GraphValue? value) ? value
        : throw new LoweringException($"uses '{name}', which no earlier node or input produces");

    private static GraphValue Arg(GraphValue?[] args, int index) =>
        index < args.Length && args[index] is GraphValue value ? value
        : throw new LoweringException($"input {index} is missing");

    private static GraphValue? OptionalArg(GraphValue?[] args, int index) => index < args.Length ? args[index] : null;

    private static ConstantTensor Constant(GraphValue? value, string role) =>
        value is ConstantValue constant ? constant.Tensor
        : throw new LoweringException($"{role} must be a constant, but it is computed from the model's inputs");

    /// <summary>Axes and similar integer lists: an input since opset 13 (Squeeze) or 10 (Slice), an attribute before.</summary>
    private static IReadOnlyList<long>? IntegerList(OnnxNode node, GraphValue?[] args, int index, string attribute) =>
        OptionalArg(args, index) is GraphValue value ? Constant(value, attribute).IntegerValues(attribute)
        : node.Attribute(attribute)?.Ints;

    private static long IntAttribute(OnnxNode node, string name, long fallback) => node.Attribute(name)?.Int ?? fallback;

    private LstmNetwork Finish(OnnxGraph graph)
    {
        HeadValue? head = null;
        var stateOutputs = new List<StateValue>();
        foreach (OnnxValueInfo output in graph.Outputs)
        {
            if (!_values.TryGetValue(output.Name, out GraphValue? value))
            {
                throw Fail($"output '{output.Name}' is produced by no node");
            }
            switch (value)
            {
                case HeadValue h when head is null && h.Applied == _head.Count:
                    head = h;
                    break;
                case StateValue { IsInput: false } s:
                    stateOutputs.Add(s);
                    break;
                default:
                    throw Fail($"output '{output.Name}' is neither the end of the head nor the LSTM layers' final state");
            }
        }
        if (head is null)
        {
            throw Fail("no output comes from a time step of the last LSTM layer; the managed engine runs LSTM networks with a head on one step");
        }
        int layers = _layers.Count;
        if (_headLayer != layers - 1)
        {
            throw Fail($"the head reads LSTM layer {_headLayer}, not the last one ({layers - 1})");
        }
        if (_hasStateInputs)
        {
            CheckStateWiring(stateOutputs);
        }
        else if (stateOutputs.Count > 0 || _layerReadsState.Any(r => r))
        {
            throw Fail("outputs the LSTM state but takes none in; a stateful model takes h_in and c_in");
        }
        return new LstmNetwork(
            _source, _inputName, _inputShape, _steps, _inputSize, _layers, _hasStateInputs, _headStep, _head, head.Shape);
    }

    private void CheckStateWiring(List<StateValue> outputs)
    {
        int layers = _layers.Count;
        if (_stateLayers != layers)
        {
            throw Fail($"the state inputs hold {_stateLayers} layers but the model has {layers} LSTM layers");
        }
        for (int layer = 0; layer < layers; layer++)
        {
            if (!_layerReadsState[layer] || _layers[layer].Hidden != _stateHidden)
            {
                throw Fail($"LSTM layer {layer} does not start from layer {layer} of the state inputs (hidden {_stateHidden})");
            }
        }
        foreach (StateKind kind in new[] { StateKind.Hidden, StateKind.Cell })
        {
            if (!outputs.Any(s => s.Kind == kind && s.FirstLayer == 0 && s.LayerCount == layers))
            {
                string name = kind == StateKind.Hidden ? "h" : "c";
                throw Fail($"no output holds the final {name} of all {layers} layers (the {name}_out a stateful model hands back)");
            }
        }
    }
}
