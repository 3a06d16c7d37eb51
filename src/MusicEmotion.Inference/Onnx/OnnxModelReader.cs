using System.Buffers.Binary;
using Fields = MusicEmotion.Inference.Onnx.OnnxFields;
using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.Onnx;

/// <summary>
/// Reads an .onnx file (a protobuf ModelProto) into an <see cref="OnnxModel"/>: the messages and fields an
/// LSTM network uses; everything else is skipped. A missing, truncated or corrupt file gives an
/// <see cref="OnnxModelException"/> that names it.
/// </summary>
public static class OnnxModelReader
{
    public static OnnxModel Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OnnxModelException(path, "no such model file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxModelException(path, $"cannot read the model file ({e.Message})", e);
        }
        return Parse(bytes, path);
    }

    /// <param name="bytes">The serialized ModelProto.</param>
    /// <param name="source">What error messages call it: the file it came from.</param>
    public static OnnxModel Parse(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            return ReadModel(new ProtobufReader(bytes));
        }
        catch (InvalidDataException e)
        {
            throw new OnnxModelException(source, $"not a readable ONNX model: {Printable(e.Message)}", e);
        }
    }

    /// <summary>
    /// A message as one line of text: names read from a corrupt model are arbitrary bytes, so control characters
    /// (and undecodable ones) become '?', and a name that runs on is cut.
    /// </summary>
    private static string Printable(string message)
    {
        string line = string.Concat(message.Select(c => char.IsControl(c) || c == '\uFFFD' ? '?' : c));
        return line.Length > 300 ? line[..300] + "..." : line;
    }

    private static OnnxModel ReadModel(ProtobufReader reader)
    {
        long irVersion = 0;
        var opsets = new List<OnnxOpsetImport>();
        OnnxGraph? graph = null;
        string producer = "", producerVersion = "";
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case Fields.Model.IrVersion when wire == WireType.Varint:
                    irVersion = reader.ReadInt64();
                    break;
                case Fields.Model.ProducerName when wire == WireType.LengthDelimited:
                    producer = reader.ReadString();
                    break;
                case Fields.Model.ProducerVersion when wire == WireType.LengthDelimited:
                    producerVersion = reader.ReadString();
                    break;
                case Fields.Model.Graph when wire == WireType.LengthDelimited:
                    graph = ReadGraph(reader.ReadMessage());
                    break;
                case Fields.Model.OpsetImport when wire == WireType.LengthDelimited:
                    opsets.Add(ReadOpset(reader.ReadMessage()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (graph is null)
        {
            throw new InvalidDataException("it holds no graph");
        }
        return new OnnxModel(irVersion, opsets, graph, producer, producerVersion);
    }

    private static OnnxOpsetImport ReadOpset(ProtobufReader reader)
    {
        string domain = "";
        long version = 0;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case Fields.OpsetImport.Domain when wire == WireType.LengthDelimited:
                    domain = reader.ReadString();
                    break;
                case Fields.OpsetImport.Version when wire == WireType.Varint:
                    version = reader.ReadInt64();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxOpsetImport(domain, version);
    }

    private static OnnxGraph ReadGraph(ProtobufReader reader)
    {
        string name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensorProto>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var valueInfo = new List<OnnxValueInfo>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            switch (field)
            {
                case Fields.Graph.Node:
                    nodes.Add(ReadNode(reader.ReadMessage()));
                    break;
                case Fields.Graph.Name:
                    name = reader.ReadString();
                    break;
                case Fields.Graph.Initializer:
                    initializers.Add(ReadTensor(reader.ReadMessage()));
                    break;
                case Fields.Graph.Input:
                    inputs.Add(ReadValueInfo(reader.ReadMessage()));
                    break;
                case Fields.Graph.Output:
                    outputs.Add(ReadValueInfo(reader.ReadMessage()));
                    break;
                case Fields.Graph.ValueInfo:
                    valueInfo.Add(ReadValueInfo(reader.ReadMessage()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, valueInfo);
    }

    private static OnnxNode ReadNode(ProtobufReader reader)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        string name = "", opType = "", domain = "";
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            switch (field)
            {
                case Fields.Node.Input:
                    inputs.Add(reader.ReadString());
                    break;
                case Fields.Node.Output:
                    outputs.Add(reader.ReadString());
                    break;
                case Fields.Node.Name:
                    name = reader.ReadString();
                    break;
                case Fields.Node.OpType:
                    opType = reader.ReadString();
                    break;
                case Fields.Node.Attribute:
                    attributes.Add(ReadAttribute(reader.ReadMessage()));
                    break;
                case Fields.Node.Domain:
                    domain = reader.ReadString();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxNode(opType, name, inputs, outputs, attributes, domain);
    }

    private static OnnxAttribute ReadAttribute(ProtobufReader reader)
    {
        string name = "";
        var type = OnnxAttributeType.Undefined;
        // IR version 1 files have no type field: the value field that is present says the type.
        var typeFromValue = OnnxAttributeType.Undefined;
        float f = 0;
        long i = 0;
        string s = "";
        OnnxTensorProto? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<string>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case Fields.Attribute.Name when wire == WireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case Fields.Attribute.Type when wire == WireType.Varint:
                    type = (OnnxAttributeType)reader.ReadInt32();
                    break;
                case Fields.Attribute.F when wire == WireType.Fixed32:
                    f = reader.ReadFloat();
                    typeFromValue = OnnxAttributeType.Float;
                    break;
                case Fields.Attribute.I when wire == WireType.Varint:
                    i = reader.ReadInt64();
                    typeFromValue = OnnxAttributeType.Int;
                    break;
                case Fields.Attribute.S when wire == WireType.LengthDelimited:
                    s = reader.ReadString();
                    typeFromValue = OnnxAttributeType.String;
                    break;
                case Fields.Attribute.T when wire == WireType.LengthDelimited:
                    t = ReadTensor(reader.ReadMessage());
                    typeFromValue = OnnxAttributeType.Tensor;
                    break;
                case Fields.Attribute.Floats:
                    reader.ReadRepeatedFloat(wire, floats);
                    typeFromValue = OnnxAttributeType.Floats;
                    break;
                case Fields.Attribute.Ints:
                    reader.ReadRepeatedInt64(wire, ints);
                    typeFromValue = OnnxAttributeType.Ints;
                    break;
                case Fields.Attribute.Strings when wire == WireType.LengthDelimited:
                    strings.Add(reader.ReadString());
                    typeFromValue = OnnxAttributeType.Strings;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        return new OnnxAttribute(name, type == OnnxAttributeType.Undefined ? typeFromValue : type)
        {
            Float = f,
            Int = i,
            String = s,
            Tensor = t,
            Floats = floats,
            Ints = ints,
            Strings = strings,
        };
    }

    private static OnnxTensorProto ReadTensor(ProtobufReader reader)
    {
        var dims = new List<long>();
        var dataType = OnnxElementType.Undefined;
        var floatData = new List<float>();
        var intData = new List<long>();
        ReadOnlySpan<byte> raw = default;
        string name = "";
        bool external = false;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case Fields.Tensor.Dims:
                    reader.ReadRepeatedInt64(wire, dims);
                    break;
                case Fields.Tensor.DataType when wire == WireType.Varint:
                    dataType = (OnnxElementType)reader.ReadInt32();
                    break;
                case Fields.Tensor.FloatData:
                    reader.ReadRepeatedFloat(wire, floatData);
                    break;
                case Fields.Tensor.Int32Data:
                case Fields.Tensor.Int64Data:
                    reader.ReadRepeatedInt64(wire, intData);
                    break;
                case Fields.Tensor.Name when wire == WireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case Fields.Tensor.RawData when wire == WireType.LengthDelimited:
                    raw = reader.ReadBytes();
                    break;
                case Fields.Tensor.DataLocation when wire == WireType.Varint:
                    external = reader.ReadInt64() == Fields.ExternalDataLocation;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (external)
        {
            throw new InvalidDataException($"tensor '{name}' keeps its data in an external file, which is not supported");
        }
        long[] shape = [.. dims];
        int count = ElementCount(name, shape);
        return dataType switch
        {
            OnnxElementType.Float => OnnxTensorProto.Float(name, DecodeFloats(name, raw, floatData, count), shape),
            OnnxElementType.Int64 or OnnxElementType.Int32 => new OnnxTensorProto(
                name, dataType, shape, [], DecodeIntegers(name, raw, intData, count, dataType == OnnxElementType.Int64 ? 8 : 4)),
            _ => new OnnxTensorProto(name, dataType, shape, [], []),
        };
    }

    private static int ElementCount(string name, long[] dims)
    {
        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0)
            {
                throw new InvalidDataException($"tensor '{name}' has a negative dimension ({d})");
            }
            count *= d;
            if (count > Array.MaxLength / 8)
            {
                throw new InvalidDataException($"tensor '{name}' is too large ([{string.Join(",", dims)}])");
            }
        }
        return (int)count;
    }

    private static float[] DecodeFloats(string name, ReadOnlySpan<byte> raw, List<float> typed, int count)
    {
        if (raw.IsEmpty)
        {
            CheckCount(name, typed.Count, count);
            return [.. typed];
        }
        CheckCount(name, raw.Length / 4, count, raw.Length % 4 != 0);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
        }
        return values;
    }

    private static long[] DecodeIntegers(string name, ReadOnlySpan<byte> raw, List<long> typed, int count, int width)
    {
        if (raw.IsEmpty)
        {
            CheckCount(name, typed.Count, count);
            return [.. typed];
        }
        CheckCount(name, raw.Length / width, count, raw.Length % width != 0);
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = width == 8
                ? BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..])
                : BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]);
        }
        return values;
    }

    private static void CheckCount(string name, int have, int need, bool ragged = false)
    {
        if (have != need || ragged)
        {
            throw new InvalidDataException($"tensor '{name}' holds {have} values where its dims need {need}");
        }
    }

    private static OnnxValueInfo ReadValueInfo(ProtobufReader reader)
    {
        string name = "";
        var elementType = OnnxElementType.Undefined;
        List<OnnxDimension>? shape = null;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == Fields.ValueInfo.Name && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == Fields.ValueInfo.Type && wire == WireType.LengthDelimited)
            {
                ReadType(reader.ReadMessage(), ref elementType, ref shape);
            }
            else
            {
                reader.Skip(wire);
            }
        }
        return new OnnxValueInfo(name, elementType, shape);
    }

    private static void ReadType(ProtobufReader reader, ref OnnxElementType elementType, ref List<OnnxDimension>? shape)
    {
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field != Fields.TypeProto.TensorType || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            ProtobufReader tensorType = reader.ReadMessage();
            while (tensorType.TryReadTag(out int inner, out WireType innerWire))
            {
                if (inner == Fields.TensorType.ElemType && innerWire == WireType.Varint)
                {
                    elementType = (OnnxElementType)tensorType.ReadInt32();
                }
                else if (inner == Fields.TensorType.Shape && innerWire == WireType.LengthDelimited)
                {
                    shape = ReadShape(tensorType.ReadMessage());
                }
                else
                {
                    tensorType.Skip(innerWire);
                }
            }
        }
    }

    private static List<OnnxDimension> ReadShape(ProtobufReader reader)
    {
        var dims = new List<OnnxDimension>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field != Fields.Shape.Dim || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }
            ProtobufReader dim = reader.ReadMessage();
            long? value = null;
            string? param = null;
            while (dim.TryReadTag(out int inner, out WireType innerWire))
            {
                if (inner == Fields.Dimension.Value && innerWire == WireType.Varint)
                {
                    value = dim.ReadInt64();
                }
                else if (inner == Fields.Dimension.Param && innerWire == WireType.LengthDelimited)
                {
                    param = dim.ReadString();
                }
                else
                {
                    dim.Skip(innerWire);
                }
            }
            dims.Add(new OnnxDimension(value, param));
        }
        return dims;
    }
}
