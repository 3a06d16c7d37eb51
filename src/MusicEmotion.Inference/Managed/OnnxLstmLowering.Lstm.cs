using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>LSTM nodes: one forward layer each, its weights, and where its initial state comes from.</summary>
internal sealed partial class OnnxLstmLowering
{
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
}
