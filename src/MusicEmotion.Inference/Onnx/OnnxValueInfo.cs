using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.Onnx;

/// <summary>
/// A graph input, output or intermediate value with its tensor type; <see cref="Shape"/> is null when the
/// file gives no shape at all.
/// </summary>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDimension>? Shape)
{
    /// <summary>The shape as the ONNX tools print it: [N,44,128].</summary>
    public string DescribeShape() => Shape is null ? "[unknown]" : $"[{string.Join(",", Shape)}]";
}

/// <summary>One dimension of a shape: a fixed size, a symbolic name (such as a batch size "N"), or unknown.</summary>
public readonly record struct OnnxDimension(long? Value, string? Param)
{
    public static OnnxDimension Fixed(long value) => new(value, null);

    public static OnnxDimension Symbolic(string name) => new(null, name);

    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}
