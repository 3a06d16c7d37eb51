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
internal sealed class OnnxLstmLowering
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
        foreach (OnnxTensor initializer in graph.Initializers)
        {
            _values[initializer.Name] = new ConstantValue(At($"initializer '{initializer.Name}'", () => ConstantTensor.FromOnnx(initializer)));
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

    // ---- inputs -------------------------------------------------------------------------------------

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
            if (input.ElementType != OnnxDataType.Float)
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

    // ---- nodes --------------------------------------------------------------------------------------

    private GraphValue?[] Apply(OnnxNode node)
    {
        if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
        {
            throw Unsupported(node, $"{node.Domain}.{node.OpType}");
        }
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

    private static GraphValue ConstantNode(OnnxNode node)
    {
        foreach (OnnxAttribute attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "value" when attribute.Tensor is OnnxTensor tensor:
                    return new ConstantValue(ConstantTensor.FromOnnx(tensor));
                case "value_float":
                    return new ConstantValue(ConstantTensor.Of([attribute.Float], []));
                case "value_floats":
                    return new ConstantValue(ConstantTensor.Of([.. attribute.Floats], [attribute.Floats.Count]));
                case "value_int":
                    return new ConstantValue(ConstantTensor.Of([attribute.Int], []));
                case "value_ints":
                    return new ConstantValue(ConstantTensor.Of([.. attribute.Ints], [attribute.Ints.Count]));
                default:
                    break;
            }
        }
        throw new LoweringException("a Constant without a tensor, float or int value");
    }

    private static GraphValue ShapeNode(OnnxNode node, GraphValue input)
    {
        int rank = input.Shape.Length;
        long start = IntAttribute(node, "start", 0), end = IntAttribute(node, "end", rank);
        (long first, long count) = TensorShape.SliceRange(rank, start, end, 1);
        return new ConstantValue(ConstantTensor.Of(input.Shape[(int)first..(int)(first + count)], [count]));
    }

    private static GraphValue ConstantOfShapeNode(OnnxNode node, GraphValue?[] args)
    {
        long[] shape = Constant(Arg(args, 0), "the shape").IntegerValues("the shape");
        long count = TensorShape.Product(shape);
        OnnxTensor? fill = node.Attribute("value")?.Tensor;
        if (fill is not null && fill.IsInteger)
        {
            return new ConstantValue(ConstantTensor.Of(Enumerable.Repeat(fill.Integers[0], (int)count).ToArray(), shape));
        }
        float value = fill is null ? 0f : ConstantTensor.FromOnnx(fill).FloatValues("the fill value")[0];
        return new ConstantValue(ConstantTensor.Of(Enumerable.Repeat(value, (int)count).ToArray(), shape));
    }

    /// <summary>Torch expands a constant zero state to [layers, batch, hidden] this way when the batch is fixed.</summary>
    private static GraphValue ExpandNode(GraphValue?[] args)
    {
        ConstantTensor data = Constant(Arg(args, 0), "Expand's input");
        long[] shape = Constant(Arg(args, 1), "Expand's shape").IntegerValues("Expand's shape");
        return new ConstantValue(data.BroadcastTo(TensorShape.Broadcast(data.Shape, shape)));
    }

    private GraphValue GatherNode(OnnxNode node, GraphValue?[] args)
    {
        GraphValue data = Arg(args, 0);
        ConstantTensor indices = Constant(Arg(args, 1), "Gather's indices");
        int axis = TensorShape.Axis(IntAttribute(node, "axis", 0), data.Shape.Length);
        switch (data)
        {
            case ConstantValue constant:
                return new ConstantValue(constant.Tensor.Gather(indices, axis));
            case SequenceValue sequence when sequence.Roles[axis] == AxisRole.Time && indices.Count == 1:
                long step = indices.IntegerValues("Gather's indices")[0];
                long[] shape = [.. data.Shape[..axis], .. indices.Shape, .. data.Shape[(axis + 1)..]];
                return StartHead(sequence, step, shape);
            default:
                throw new LoweringException(
                    "Gather of the LSTM sequence is supported only for one time step (such as the last, index -1)");
        }
    }

    private GraphValue UnsqueezeNode(OnnxNode node, GraphValue?[] args)
    {
        GraphValue data = Arg(args, 0);
        IReadOnlyList<long> axes = IntegerList(node, args, 1, "axes") ?? throw new LoweringException("Unsqueeze without axes");
        long[] shape = TensorShape.Unsqueeze(data.Shape, axes, out int[] inserted);
        return data switch
        {
            SequenceValue sequence => sequence with
            {
                Shape = shape,
                Roles = InsertUnits(sequence.Roles, inserted, shape.Length),
            },
            _ => Reshaped(data, shape),
        };
    }

    private static AxisRole[] InsertUnits(AxisRole[] roles, int[] inserted, int rank)
    {
        var result = new AxisRole[rank];
        for (int o = 0, s = 0; o < rank; o++)
        {
            result[o] = Array.BinarySearch(inserted, o) >= 0 ? AxisRole.Unit : roles[s++];
        }
        return result;
    }

    private GraphValue SqueezeNode(OnnxNode node, GraphValue?[] args)
    {
        GraphValue data = Arg(args, 0);
        int[] dropped = TensorShape.SqueezedAxes(data.Shape, IntegerList(node, args, 1, "axes"));
        long[] shape = [.. data.Shape.Where((_, a) => !dropped.Contains(a))];
        if (data is SequenceValue sequence)
        {
            if (dropped.Any(a => sequence.Roles[a] != AxisRole.Unit))
            {
                throw new LoweringException("Squeeze removes the time or feature axis of the LSTM sequence");
            }
            return sequence with { Shape = shape, Roles = [.. sequence.Roles.Where((_, a) => !dropped.Contains(a))] };
        }
        return Reshaped(data, shape);
    }

    private GraphValue ConcatNode(OnnxNode node, GraphValue?[] args)
    {
        GraphValue[] parts = [.. args.OfType<GraphValue>()];
        if (parts.Length == 0)
        {
            throw new LoweringException("Concat of nothing");
        }
        int axis = TensorShape.Axis(IntAttribute(node, "axis", 0), parts[0].Shape.Length);
        if (parts.All(p => p is ConstantValue))
        {
            return new ConstantValue(ConstantTensor.Concat([.. parts.Select(p => ((ConstantValue)p).Tensor)], axis));
        }
        if (axis == 0 && parts.All(p => p is StateValue { IsInput: false }))
        {
            var states = parts.Cast<StateValue>().ToArray();
            for (int i = 1; i < states.Length; i++)
            {
                if (states[i].Kind != states[0].Kind || states[i].FirstLayer != states[i - 1].FirstLayer + states[i - 1].LayerCount)
                {
                    throw new LoweringException("Concat of LSTM states that are not consecutive layers of one kind (h or c)");
                }
            }
            int count = states.Sum(s => s.LayerCount);
            return new StateValue([count, 1, states[0].Shape[2]], states[0].Kind, IsInput: false, states[0].FirstLayer, count);
        }
        throw new LoweringException("Concat is supported for constants and for the LSTM layers' final states (h_out, c_out)");
    }

    private GraphValue SliceNode(OnnxNode node, GraphValue?[] args)
    {
        GraphValue data = Arg(args, 0);
        int rank = data.Shape.Length;
        IReadOnlyList<long> starts = IntegerList(node, args, 1, "starts") ?? throw new LoweringException("Slice without starts");
        IReadOnlyList<long> ends = IntegerList(node, args, 2, "ends") ?? throw new LoweringException("Slice without ends");
        IReadOnlyList<long> axes = IntegerList(node, args, 3, "axes") ?? [.. Enumerable.Range(0, starts.Count).Select(a => (long)a)];
        IReadOnlyList<long> steps = IntegerList(node, args, 4, "steps") ?? [.. Enumerable.Repeat(1L, starts.Count)];
        if (ends.Count != starts.Count || axes.Count != starts.Count || steps.Count != starts.Count)
        {
            throw new LoweringException("Slice's starts, ends, axes and steps differ in length");
        }
        long[] first = new long[rank], count = [.. data.Shape], step = [.. Enumerable.Repeat(1L, rank)];
        var sliced = new List<int>();
        for (int i = 0; i < starts.Count; i++)
        {
            int axis = TensorShape.Axis(axes[i], rank);
            (first[axis], count[axis]) = TensorShape.SliceRange(data.Shape[axis], starts[i], ends[i], steps[i]);
            step[axis] = steps[i];
            if (first[axis] != 0 || count[axis] != data.Shape[axis] || step[axis] != 1)
            {
                sliced.Add(axis);
            }
        }
        switch (data)
        {
            case ConstantValue constant:
                return new ConstantValue(constant.Tensor.Slice(first, count, step));
            case StateValue { IsInput: true } state when sliced.All(a => a == 0) && step[0] == 1:
                return state with { Shape = count, FirstLayer = state.FirstLayer + (int)first[0], LayerCount = (int)count[0] };
            case SequenceValue sequence when sliced.Count == 1 && sequence.Roles[sliced[0]] == AxisRole.Time && count[sliced[0]] == 1:
                return StartHead(sequence, first[sliced[0]], count);
            default:
                throw new LoweringException(
                    "Slice is supported for constants, for layers of h_in/c_in, and for one time step of the LSTM sequence");
        }
    }

    private GraphValue TransposeNode(OnnxNode node, GraphValue data)
    {
        int rank = data.Shape.Length;
        IReadOnlyList<long> requested = node.Attribute("perm")?.Ints ?? [.. Enumerable.Range(0, rank).Reverse().Select(a => (long)a)];
        int[] perm = [.. requested.Select(p => TensorShape.Axis(p, rank))];
        if (perm.Length != rank || perm.Distinct().Count() != rank)
        {
            throw new LoweringException($"perm [{string.Join(",", requested)}] is not a permutation of {rank} axes");
        }
        long[] shape = [.. perm.Select(p => data.Shape[p])];
        switch (data)
        {
            case ConstantValue constant:
                return new ConstantValue(constant.Tensor.Transpose(perm));
            case SequenceValue sequence:
                return sequence with { Shape = shape, Roles = [.. perm.Select(p => sequence.Roles[p])] };
            case HeadValue head when head.Shape.Count(d => d != 1) <= 1:
                return head with { Shape = shape };
            default:
                throw new LoweringException("Transpose that reorders the head's values or the LSTM state");
        }
    }

    private GraphValue ReshapeNode(OnnxNode node, GraphValue?[] args)
    {
        GraphValue data = Arg(args, 0);
        long[] requested = Constant(Arg(args, 1), "the target shape").IntegerValues("the target shape");
        long[] shape = TensorShape.ReshapeTarget(data.Shape, requested, IntAttribute(node, "allowzero", 0) != 0);
        if (data is not SequenceValue sequence)
        {
            return Reshaped(data, shape);
        }
        // A view of the sequence keeps its time and feature axes in order; only size-1 axes come and go.
        long[] kept = [.. sequence.Roles.Select((r, a) => r == AxisRole.Unit ? 1 : sequence.Shape[a]).Where(d => d != 1)];
        long[] target = [.. shape.Where(d => d != 1)];
        AxisRole[] order = [.. sequence.Roles.Where(r => r != AxisRole.Unit)];
        if (!kept.SequenceEqual(target) || kept.Length != order.Length)
        {
            throw new LoweringException($"Reshape of the LSTM sequence {TensorShape.Describe(data.Shape)} to {TensorShape.Describe(shape)} mixes its time and feature axes");
        }
        var roles = new AxisRole[shape.Length];
        for (int a = 0, k = 0; a < shape.Length; a++)
        {
            roles[a] = shape[a] == 1 ? AxisRole.Unit : order[k++];
        }
        return sequence with { Shape = shape, Roles = roles };
    }

    private GraphValue FlattenNode(OnnxNode node, GraphValue data)
    {
        int rank = data.Shape.Length;
        long axis = IntAttribute(node, "axis", 1);
        int split = axis == rank ? rank : TensorShape.Axis(axis, rank);
        long[] shape = [TensorShape.Product(data.Shape.AsSpan(0, split)), TensorShape.Product(data.Shape.AsSpan(split))];
        return data is SequenceValue ? throw new LoweringException("Flatten of the LSTM sequence") : Reshaped(data, shape);
    }

    /// <summary>A reshape that cannot change the data's order: constants and head vectors.</summary>
    private static GraphValue Reshaped(GraphValue data, long[] shape) => data switch
    {
        ConstantValue constant => new ConstantValue(constant.Tensor.Reshaped(shape)),
        HeadValue head => head with { Shape = shape },
        _ => throw new LoweringException("a reshape of the LSTM state"),
    };

    // ---- LSTM ---------------------------------------------------------------------------------------

    private GraphValue?[] LstmNode(OnnxNode node, GraphValue?[] args)
    {
        CheckLstmAttributes(node);
        int index = _layers.Count;
        if (Arg(args, 0) is not SequenceValue x || !x.Roles.SequenceEqual([AxisRole.Time, AxisRole.Unit, AxisRole.Feature]))
        {
            throw new LoweringException("X is not the model input or an earlier LSTM's output in [time, batch, features] order");
        }
        if (x.Layer != index - 1)
        {
            throw new LoweringException(
                index == 0 ? "the first LSTM must read the model input" : $"X is not the output of the previous LSTM (layer {index - 1})");
        }
        ConstantTensor w = Constant(Arg(args, 1), "W"), r = Constant(Arg(args, 2), "R");
        int hidden = (int)r.Shape[^1];
        int inputSize = (int)x.Shape[2];
        long declared = IntAttribute(node, "hidden_size", hidden);
        ExpectShape(w, "W", [1, 4L * hidden, inputSize]);
        ExpectShape(r, "R", [1, 4L * hidden, hidden]);
        if (declared != hidden)
        {
            throw new LoweringException($"hidden_size {declared} does not match R {TensorShape.Describe(r.Shape)}");
        }
        float[] bias = new float[8 * hidden];
        if (OptionalArg(args, 3) is GraphValue b)
        {
            ConstantTensor constant = Constant(b, "B");
            ExpectShape(constant, "B", [1, 8L * hidden]);
            bias = constant.FloatValues("B");
        }
        if (OptionalArg(args, 4) is not null)
        {
            throw new LoweringException("sequence_lens is not supported (every frame has all its time steps)");
        }
        if (OptionalArg(args, 7) is not null)
        {
            throw new LoweringException("peephole weights (P) are not supported");
        }
        (float[] h0, bool hFromState) = InitialState(OptionalArg(args, 5), StateKind.Hidden, index, hidden);
        (float[] c0, bool cFromState) = InitialState(OptionalArg(args, 6), StateKind.Cell, index, hidden);
        if (hFromState != cFromState)
        {
            throw new LoweringException("one of initial_h and initial_c comes from the state inputs and the other does not");
        }
        _layers.Add(new LstmLayer(
            inputSize, hidden, w.FloatValues("W"), r.FloatValues("R"), bias[..(4 * hidden)], bias[(4 * hidden)..], h0, c0));
        _layerReadsState.Add(hFromState);
        long steps = x.Shape[0];
        return
        [
            new SequenceValue([steps, 1, 1, hidden], [AxisRole.Time, AxisRole.Unit, AxisRole.Unit, AxisRole.Feature], index),
            new StateValue([1, 1, hidden], StateKind.Hidden, IsInput: false, index, 1),
            new StateValue([1, 1, hidden], StateKind.Cell, IsInput: false, index, 1),
        ];
    }

    private static void CheckLstmAttributes(OnnxNode node)
    {
        string direction = node.Attribute("direction")?.String ?? "forward";
        if (direction != "forward")
        {
            throw new LoweringException($"direction '{direction}' is not supported; the managed engine runs forward LSTMs");
        }
        IReadOnlyList<string>? activations = node.Attribute("activations")?.Strings;
        if (activations is not null && !activations.SequenceEqual(["Sigmoid", "Tanh", "Tanh"]))
        {
            throw new LoweringException(
                $"activations [{string.Join(", ", activations)}] are not supported; the managed engine runs Sigmoid, Tanh, Tanh");
        }
        foreach (string unsupported in new[] { "clip", "activation_alpha", "activation_beta" })
        {
            if (node.Attribute(unsupported) is not null)
            {
                throw new LoweringException($"attribute '{unsupported}' is not supported");
            }
        }
        if (IntAttribute(node, "input_forget", 0) != 0)
        {
            throw new LoweringException("input_forget (coupled input and forget gates) is not supported");
        }
        if (IntAttribute(node, "layout", 0) != 0)
        {
            throw new LoweringException("layout 1 (batch-first X) is not supported; torch exports layout 0");
        }
    }

    private static void ExpectShape(ConstantTensor tensor, string role, long[] expected)
    {
        if (!tensor.Shape.SequenceEqual(expected))
        {
            throw new LoweringException(
                $"{role} is {TensorShape.Describe(tensor.Shape)}, expected {TensorShape.Describe(expected)} (one forward direction)");
        }
    }

    /// <returns>The constant initial state (zeros when absent), or whether it comes from the state input.</returns>
    private static (float[] Constant, bool FromState) InitialState(GraphValue? value, StateKind kind, int layer, int hidden)
    {
        string role = kind == StateKind.Hidden ? "initial_h" : "initial_c";
        switch (value)
        {
            case null:
                return (new float[hidden], false);
            case ConstantValue constant:
                ExpectShape(constant.Tensor, role, [1, 1, hidden]);
                return (constant.Tensor.FloatValues(role), false);
            case StateValue { IsInput: true, LayerCount: 1 } state when state.Kind == kind && state.FirstLayer == layer:
                return (new float[hidden], true);
            case StateValue { IsInput: true } state:
                throw new LoweringException(
                    $"{role} of layer {layer} is layer {state.FirstLayer} of the state input; layer k must start from layer k");
            default:
                throw new LoweringException($"{role} is neither a constant nor a layer of the state input");
        }
    }

    // ---- head ---------------------------------------------------------------------------------------

    private HeadValue StartHead(SequenceValue sequence, long step, long[] shape)
    {
        if (sequence.Layer < 0)
        {
            throw new LoweringException("the head reads the model input, not an LSTM output");
        }
        if (_headLayer >= 0)
        {
            throw new LoweringException("a second time step is read from the LSTM sequence; the managed engine runs one head");
        }
        long steps = sequence.Shape[sequence.AxisOf(AxisRole.Time)];
        long normalized = step < 0 ? step + steps : step;
        if (normalized < 0 || normalized >= steps)
        {
            throw new LoweringException($"time step {step} is outside a sequence of {steps} steps");
        }
        _headLayer = sequence.Layer;
        _headStep = (int)normalized;
        return new HeadValue(shape, 0);
    }

    /// <summary>The head is one chain: each operation takes the vector the previous one produced.</summary>
    private HeadValue HeadEnd(GraphValue value, string op) => value switch
    {
        HeadValue head when head.Applied == _head.Count => head,
        HeadValue => throw new LoweringException($"{op} reads the head's vector from before its latest operation; the head must be one chain"),
        SequenceValue => throw new LoweringException($"{op} of the whole LSTM sequence; the managed engine applies it only on the head after one time step is taken"),
        _ => throw new LoweringException($"{op} of a constant or of the LSTM state is not supported"),
    };

    private HeadValue Append(HeadOperation operation, long[] shape)
    {
        _head.Add(operation);
        return new HeadValue(shape, _head.Count);
    }

    private static int VectorLength(HeadValue head, string op)
    {
        if (head.Shape.Count(d => d != 1) > 1 || head.Shape.Length == 0)
        {
            throw new LoweringException($"{op} of a head value shaped {TensorShape.Describe(head.Shape)}; expected a vector such as [1, n]");
        }
        return (int)head.Shape[^1];
    }

    private GraphValue GemmNode(OnnxNode node, GraphValue?[] args)
    {
        HeadValue a = HeadEnd(Arg(args, 0), "Gemm");
        ConstantTensor b = Constant(Arg(args, 1), "Gemm's B");
        if (a.Shape.Length != 2 || b.Shape.Length != 2)
        {
            throw new LoweringException("Gemm takes 2-D A and B");
        }
        bool transA = IntAttribute(node, "transA", 0) != 0, transB = IntAttribute(node, "transB", 0) != 0;
        long rows = transA ? a.Shape[1] : a.Shape[0];
        int inner = (int)(transA ? a.Shape[0] : a.Shape[1]);
        if (rows != 1)
        {
            throw new LoweringException($"Gemm's A is {TensorShape.Describe(a.Shape)}; the head takes one row");
        }
        int outer = (int)(transB ? b.Shape[0] : b.Shape[1]);
        if ((transB ? b.Shape[1] : b.Shape[0]) != inner)
        {
            throw new LoweringException($"Gemm's B {TensorShape.Describe(b.Shape)} does not fit A {TensorShape.Describe(a.Shape)}");
        }
        float alpha = node.Attribute("alpha")?.Float ?? 1f, beta = node.Attribute("beta")?.Float ?? 1f;
        float[] source = b.FloatValues("Gemm's B");
        var weights = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int k = 0; k < inner; k++)
            {
                weights[o * inner + k] = alpha * (transB ? source[o * inner + k] : source[k * outer + o]);
            }
        }
        var bias = new float[outer];
        if (OptionalArg(args, 2) is GraphValue c)
        {
            float[] broadcast = Constant(c, "Gemm's C").BroadcastTo([1, outer]).FloatValues("Gemm's C");
            for (int o = 0; o < outer; o++)
            {
                bias[o] = beta * broadcast[o];
            }
        }
        return Append(new DenseOperation(weights, bias, inner, outer), [1, outer]);
    }

    private GraphValue MatMulNode(GraphValue?[] args)
    {
        HeadValue a = HeadEnd(Arg(args, 0), "MatMul");
        ConstantTensor b = Constant(Arg(args, 1), "MatMul's B");
        int inner = VectorLength(a, "MatMul");
        if (b.Shape.Length != 2 || b.Shape[0] != inner)
        {
            throw new LoweringException($"MatMul of {TensorShape.Describe(a.Shape)} by {TensorShape.Describe(b.Shape)}; expected B [{inner}, n]");
        }
        int outer = (int)b.Shape[1];
        float[] source = b.FloatValues("MatMul's B");
        var weights = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int k = 0; k < inner; k++)
            {
                weights[o * inner + k] = source[k * outer + o];
            }
        }
        return Append(new DenseOperation(weights, new float[outer], inner, outer), [.. a.Shape[..^1], outer]);
    }

    private GraphValue AddNode(GraphValue?[] args)
    {
        GraphValue left = Arg(args, 0), right = Arg(args, 1);
        (GraphValue vector, GraphValue other) = left is ConstantValue ? (right, left) : (left, right);
        HeadValue head = HeadEnd(vector, "Add");
        ConstantTensor constant = Constant(other, "the other addend");
        long[] shape = TensorShape.Broadcast(head.Shape, constant.Shape);
        if (TensorShape.Product(shape) != TensorShape.Product(head.Shape))
        {
            throw new LoweringException($"Add of {TensorShape.Describe(constant.Shape)} would enlarge the head's {TensorShape.Describe(head.Shape)}");
        }
        return Append(new BiasOperation(constant.BroadcastTo(shape).FloatValues("the addend")), shape);
    }

    private GraphValue Activation(GraphValue input, ActivationKind kind)
    {
        HeadValue head = HeadEnd(input, kind.ToString());
        return Append(new ActivationOperation(kind, (int)TensorShape.Product(head.Shape)), head.Shape);
    }

    // ---- outputs ------------------------------------------------------------------------------------

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
