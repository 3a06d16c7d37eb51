namespace MusicEmotion.Inference.Managed;

/// <summary>
/// What the lowering knows about a value of the graph, the batch size bound to 1: a constant it can fold,
/// a view of an LSTM sequence, a slice or stack of LSTM states, or a vector of the head.
/// </summary>
internal abstract record GraphValue(long[] Shape);

internal sealed record ConstantValue(ConstantTensor Tensor) : GraphValue(Tensor.Shape);

/// <summary>
/// A view of the model input (<see cref="Layer"/> -1) or of a layer's output sequence; every axis has a role,
/// and all but the time and feature axes have size 1, so views differ only in shape, never in data order.
/// </summary>
internal sealed record SequenceValue(long[] Shape, AxisRole[] Roles, int Layer) : GraphValue(Shape)
{
    public int AxisOf(AxisRole role) => Array.IndexOf(Roles, role);
}

internal enum AxisRole
{
    Unit,
    Time,
    Feature,
}

/// <summary>
/// Layers <see cref="FirstLayer"/>.. of one kind of state: a slice of the h_in/c_in input
/// (<see cref="IsInput"/>) or a stack of the LSTM layers' final states, [LayerCount, 1, hidden].
/// </summary>
internal sealed record StateValue(long[] Shape, StateKind Kind, bool IsInput, int FirstLayer, int LayerCount) : GraphValue(Shape);

internal enum StateKind
{
    Hidden,
    Cell,
}

/// <summary>The head's vector after the first <see cref="Applied"/> head operations.</summary>
internal sealed record HeadValue(long[] Shape, int Applied) : GraphValue(Shape);
