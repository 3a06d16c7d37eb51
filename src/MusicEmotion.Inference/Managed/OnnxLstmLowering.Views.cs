using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The structural ops: folded when their inputs are constants, followed as views when they re-shape the LSTM
/// sequence, the state or the head's vector without changing its data.
/// </summary>
internal sealed partial class OnnxLstmLowering
{
    private static GraphValue ConstantNode(OnnxNode node)
    {
        foreach (OnnxAttribute attribute in node.Attributes)
        {
            switch (attribute.Name)
            {
                case "value" when attribute.Tensor is OnnxTensorProto tensor:
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
        OnnxTensorProto? fill = node.Attribute("value")?.Tensor;
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
}
