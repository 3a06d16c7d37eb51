using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>The head: one time step of the last layer, then one chain of dense layers, biases and activations.</summary>
internal sealed partial class OnnxLstmLowering
{
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
}
