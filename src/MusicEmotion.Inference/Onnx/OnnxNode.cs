namespace MusicEmotion.Inference.Onnx;

/// <summary>One operator application. An empty input name stands for an omitted optional input.</summary>
public sealed record OnnxNode(
    string OpType,
    string Name,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes,
    string Domain = "")
{
    public OnnxAttribute? Attribute(string name)
    {
        foreach (OnnxAttribute attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }
        return null;
    }

    /// <summary>How error messages name the node: its name, or its op type when it has none.</summary>
    public string Label => Name.Length > 0 ? Name : $"unnamed {OpType}";
}

/// <summary>AttributeProto.AttributeType.</summary>
public enum OnnxAttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
    Tensors = 9,
    Graphs = 10,
    SparseTensor = 11,
    SparseTensors = 12,
    TypeProto = 13,
    TypeProtos = 14,
}

/// <summary>A named attribute; <see cref="Type"/> says which one of the value properties holds it.</summary>
public sealed record OnnxAttribute(string Name, OnnxAttributeType Type)
{
    public float Float { get; init; }

    public long Int { get; init; }

    public string String { get; init; } = "";

    public OnnxTensorProto? Tensor { get; init; }

    public IReadOnlyList<float> Floats { get; init; } = [];

    public IReadOnlyList<long> Ints { get; init; } = [];

    public IReadOnlyList<string> Strings { get; init; } = [];

    public static OnnxAttribute OfFloat(string name, float value) => new(name, OnnxAttributeType.Float) { Float = value };

    public static OnnxAttribute OfInt(string name, long value) => new(name, OnnxAttributeType.Int) { Int = value };

    public static OnnxAttribute OfString(string name, string value) => new(name, OnnxAttributeType.String) { String = value };

    public static OnnxAttribute OfTensor(string name, OnnxTensorProto value) => new(name, OnnxAttributeType.Tensor) { Tensor = value };

    public static OnnxAttribute OfInts(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { Ints = values };

    public static OnnxAttribute OfFloats(string name, params float[] values) =>
        new(name, OnnxAttributeType.Floats) { Floats = values };

    public static OnnxAttribute OfStrings(string name, params string[] values) =>
        new(name, OnnxAttributeType.Strings) { Strings = values };
}
