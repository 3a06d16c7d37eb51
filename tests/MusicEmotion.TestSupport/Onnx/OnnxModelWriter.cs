using System.Buffers.Binary;
using MusicEmotion.Inference.Onnx;
using Fields = MusicEmotion.Inference.Onnx.OnnxFields;
using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.TestSupport.Onnx;

/// <summary>
/// Serializes an <see cref="OnnxModel"/> to the ModelProto wire format: the inverse of
/// <see cref="OnnxModelReader"/>. Tensors are written as raw little-endian data, as the exporters do.
/// </summary>
public static class OnnxModelWriter
{
    public static void Write(OnnxModel model, string path) => File.WriteAllBytes(path, Serialize(model));

    public static byte[] Serialize(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new ProtobufWriter();
        writer.WriteInt64(Fields.Model.IrVersion, model.IrVersion);
        if (model.ProducerName.Length > 0)
        {
            writer.WriteString(Fields.Model.ProducerName, model.ProducerName);
        }
        if (model.ProducerVersion.Length > 0)
        {
            writer.WriteString(Fields.Model.ProducerVersion, model.ProducerVersion);
        }
        writer.WriteMessage(Fields.Model.Graph, w => WriteGraph(w, model.Graph));
        foreach (OnnxOpsetImport opset in model.OpsetImports)
        {
            writer.WriteMessage(Fields.Model.OpsetImport, w =>
            {
                w.WriteString(Fields.OpsetImport.Domain, opset.Domain);
                w.WriteInt64(Fields.OpsetImport.Version, opset.Version);
            });
        }
        return writer.ToArray();
    }

    private static void WriteGraph(ProtobufWriter writer, OnnxGraph graph)
    {
        foreach (OnnxNode node in graph.Nodes)
        {
            writer.WriteMessage(Fields.Graph.Node, w => WriteNode(w, node));
        }
        writer.WriteString(Fields.Graph.Name, graph.Name);
        foreach (OnnxTensorProto tensor in graph.Initializers)
        {
            writer.WriteMessage(Fields.Graph.Initializer, w => WriteTensor(w, tensor));
        }
        WriteValueInfos(writer, Fields.Graph.Input, graph.Inputs);
        WriteValueInfos(writer, Fields.Graph.Output, graph.Outputs);
        WriteValueInfos(writer, Fields.Graph.ValueInfo, graph.ValueInfo);
    }

    private static void WriteNode(ProtobufWriter writer, OnnxNode node)
    {
        foreach (string input in node.Inputs)
        {
            writer.WriteString(Fields.Node.Input, input);
        }
        foreach (string output in node.Outputs)
        {
            writer.WriteString(Fields.Node.Output, output);
        }
        writer.WriteString(Fields.Node.Name, node.Name);
        writer.WriteString(Fields.Node.OpType, node.OpType);
        foreach (OnnxAttribute attribute in node.Attributes)
        {
            writer.WriteMessage(Fields.Node.Attribute, w => WriteAttribute(w, attribute));
        }
        if (node.Domain.Length > 0)
        {
            writer.WriteString(Fields.Node.Domain, node.Domain);
        }
    }

    private static void WriteAttribute(ProtobufWriter writer, OnnxAttribute attribute)
    {
        writer.WriteString(Fields.Attribute.Name, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                writer.WriteFloat(Fields.Attribute.F, attribute.Float);
                break;
            case OnnxAttributeType.Int:
                writer.WriteInt64(Fields.Attribute.I, attribute.Int);
                break;
            case OnnxAttributeType.String:
                writer.WriteString(Fields.Attribute.S, attribute.String);
                break;
            case OnnxAttributeType.Tensor:
                OnnxTensorProto tensor = attribute.Tensor
                    ?? throw new ArgumentException($"attribute '{attribute.Name}' is a tensor but holds none", nameof(attribute));
                writer.WriteMessage(Fields.Attribute.T, w => WriteTensor(w, tensor));
                break;
            case OnnxAttributeType.Floats:
                foreach (float value in attribute.Floats)
                {
                    writer.WriteFloat(Fields.Attribute.Floats, value);
                }
                break;
            case OnnxAttributeType.Ints:
                foreach (long value in attribute.Ints)
                {
                    writer.WriteInt64(Fields.Attribute.Ints, value);
                }
                break;
            case OnnxAttributeType.Strings:
                foreach (string value in attribute.Strings)
                {
                    writer.WriteString(Fields.Attribute.Strings, value);
                }
                break;
            default:
                throw new ArgumentException(
                    $"attribute '{attribute.Name}' has type {attribute.Type}, which this writer does not write", nameof(attribute));
        }
        writer.WriteInt64(Fields.Attribute.Type, (long)attribute.Type);
    }

    private static void WriteTensor(ProtobufWriter writer, OnnxTensorProto tensor)
    {
        foreach (long dim in tensor.Dims)
        {
            writer.WriteInt64(Fields.Tensor.Dims, dim);
        }
        writer.WriteInt64(Fields.Tensor.DataType, (long)tensor.DataType);
        writer.WriteString(Fields.Tensor.Name, tensor.Name);
        writer.WriteBytes(Fields.Tensor.RawData, RawData(tensor));
    }

    private static byte[] RawData(OnnxTensorProto tensor)
    {
        switch (tensor.DataType)
        {
            case OnnxElementType.Float:
                var floats = new byte[tensor.Floats.Length * 4];
                for (int i = 0; i < tensor.Floats.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(floats.AsSpan(4 * i), tensor.Floats[i]);
                }
                return floats;
            case OnnxElementType.Int64:
                var longs = new byte[tensor.Integers.Length * 8];
                for (int i = 0; i < tensor.Integers.Length; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(longs.AsSpan(8 * i), tensor.Integers[i]);
                }
                return longs;
            default:
                throw new ArgumentException(
                    $"tensor '{tensor.Name}' has type {tensor.DataType}; this writer writes float and int64 tensors", nameof(tensor));
        }
    }

    private static void WriteValueInfos(ProtobufWriter writer, int field, IReadOnlyList<OnnxValueInfo> values)
    {
        foreach (OnnxValueInfo value in values)
        {
            writer.WriteMessage(field, w =>
            {
                w.WriteString(Fields.ValueInfo.Name, value.Name);
                w.WriteMessage(Fields.ValueInfo.Type, type => type.WriteMessage(Fields.TypeProto.TensorType, tensorType =>
                {
                    tensorType.WriteInt64(Fields.TensorType.ElemType, (long)value.ElementType);
                    if (value.Shape is not null)
                    {
                        tensorType.WriteMessage(Fields.TensorType.Shape, shape => WriteShape(shape, value.Shape));
                    }
                }));
            });
        }
    }

    private static void WriteShape(ProtobufWriter writer, IReadOnlyList<OnnxDimension> dims)
    {
        foreach (OnnxDimension dim in dims)
        {
            writer.WriteMessage(Fields.Shape.Dim, d =>
            {
                if (dim.Value is long value)
                {
                    d.WriteInt64(Fields.Dimension.Value, value);
                }
                else if (dim.Param is string param)
                {
                    d.WriteString(Fields.Dimension.Param, param);
                }
            });
        }
    }
}
