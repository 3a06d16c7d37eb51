namespace MusicEmotion.Inference.Onnx;

/// <summary>
/// A constant tensor (initializer or attribute value), row-major. Float tensors keep their values in
/// <see cref="Floats"/>; int64 and int32 ones in <see cref="Integers"/>; other types keep no values, and
/// whoever needs them reports the type it cannot use.
/// </summary>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, long[] Dims, float[] Floats, long[] Integers)
{
    public bool IsFloat => DataType == OnnxDataType.Float;

    public bool IsInteger => DataType is OnnxDataType.Int64 or OnnxDataType.Int32;

    public static OnnxTensor Float(string name, float[] values, params long[] dims) =>
        new(name, OnnxDataType.Float, dims, values, []);

    public static OnnxTensor Int64(string name, long[] values, params long[] dims) =>
        new(name, OnnxDataType.Int64, dims, [], values);
}

/// <summary>TensorProto.DataType.</summary>
public enum OnnxDataType
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
