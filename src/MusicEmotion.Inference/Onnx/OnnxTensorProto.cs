using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.Onnx;

/// <summary>
/// A constant tensor (initializer or attribute value), row-major. Float tensors keep their values in
/// <see cref="Floats"/>; int64 and int32 ones in <see cref="Integers"/>; other types keep no values, and
/// whoever needs them reports the type it cannot use.
/// </summary>
public sealed record OnnxTensorProto(string Name, OnnxElementType DataType, long[] Dims, float[] Floats, long[] Integers)
{
    public bool IsFloat => DataType == OnnxElementType.Float;

    public bool IsInteger => DataType is OnnxElementType.Int64 or OnnxElementType.Int32;

    public static OnnxTensorProto Float(string name, float[] values, params long[] dims) =>
        new(name, OnnxElementType.Float, dims, values, []);

    public static OnnxTensorProto Int64(string name, long[] values, params long[] dims) =>
        new(name, OnnxElementType.Int64, dims, [], values);
}
