namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>ONNXTensorElementDataType (the values of TensorProto.DataType).</summary>
public enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>GraphOptimizationLevel: how far ORT rewrites the graph before the first run.</summary>
public enum OnnxGraphOptimization
{
    None = 0,
    Basic = 1,
    Extended = 2,
    Layout = 3,
    All = 99,
}

/// <summary>
/// One input or output of a model as the session reports it: name, element type and shape, where a dimension
/// the model leaves open (a batch of N) is -1.
/// </summary>
public sealed record OnnxTensorSpec(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>The shape as "[*,44,128]", open dimensions as '*'.</summary>
    public string ShapeText => "[" + string.Join(",", Shape.Select(d => d < 0 ? "*" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    public override string ToString() => $"{Name} {ElementType} {ShapeText}";
}
