using System.IO.Compression;
using MusicEmotion.Features;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.TestSupport.Onnx;
using OnnxElementType = MusicEmotion.Native.OnnxRuntime.OnnxElementType;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Onnx;

public sealed class OnnxModelReaderTests
{
    [SkippableFact]
    public void ReadsThePaperModelAsTorchExportedIt()
    {
        string dir = Requires.ReferenceData();
        OnnxModel model = OnnxModelReader.Read(Path.Combine(dir, "paper_emotion.onnx"));
        Assert.Equal(7, model.IrVersion);
        Assert.Equal(14, model.OpsetVersion());
        Assert.Equal("pytorch", model.ProducerName);

        OnnxValueInfo mel = Assert.Single(model.Graph.Inputs);
        Assert.Equal(("mel", OnnxElementType.Float), (mel.Name, mel.ElementType));
        Assert.Equal([OnnxDimension.Symbolic("N"), OnnxDimension.Fixed(44), OnnxDimension.Fixed(128)], mel.Shape);
        Assert.Equal("[N,2]", Assert.Single(model.Graph.Outputs).DescribeShape());

        OnnxNode[] lstms = [.. model.Graph.Nodes.Where(n => n.OpType == "LSTM")];
        Assert.Equal(4, lstms.Length);
        Assert.All(lstms, n => Assert.Equal(20, n.Attribute("hidden_size")!.Int));
        Assert.Equal(7, lstms[0].Inputs.Count);
        Assert.Equal("", lstms[0].Inputs[4]);

        OnnxTensorProto w = model.Graph.Initializers.Single(t => t.Name == lstms[0].Inputs[1]);
        Assert.Equal([1, 80, 128], w.Dims);
        Assert.Equal(80 * 128, w.Floats.Length);

        OnnxNode gather = model.Graph.Nodes.Single(n => n.Name == "/Gather");
        Assert.Equal(1, gather.Attribute("axis")!.Int);
        OnnxTensorProto index = model.Graph.Nodes.Single(n => n.Outputs.Contains(gather.Inputs[1])).Attribute("value")!.Tensor!;
        Assert.Equal((OnnxElementType.Int64, -1L), (index.DataType, index.Integers[0]));
    }

    [SkippableFact]
    public void InitializerValuesMatchTheTorchWeightsFile()
    {
        string dir = Requires.ReferenceData();
        OnnxModel model = OnnxModelReader.Read(Path.Combine(dir, "paper_emotion.onnx"));
        using ZipArchive weights = ZipFile.OpenRead(Path.Combine(dir, "paper_emotion.weights.npz"));
        foreach (string name in new[] { "linear.weight", "linear.bias" })
        {
            using Stream entry = weights.GetEntry(name + ".npy")!.Open();
            using var copy = new MemoryStream();
            entry.CopyTo(copy);
            copy.Position = 0;
            NpyArray expected = NpyFile.Read(copy, name);
            OnnxTensorProto actual = model.Graph.Initializers.Single(t => t.Name == name);
            Assert.Equal(expected.Shape.Select(d => (long)d), actual.Dims);
            Assert.Equal(expected.Data, actual.Floats);
        }
    }

    [Fact]
    public void WrittenModelReadsBackUnchanged()
    {
        OnnxModel written = RandomLstmModel.Create(layers: 2, hidden: 8, seed: 3);
        OnnxModel read = OnnxModelReader.Parse(OnnxModelWriter.Serialize(written), "memory");
        Assert.Equal((written.IrVersion, written.ProducerName), (read.IrVersion, read.ProducerName));
        Assert.Equal(written.OpsetImports, read.OpsetImports);
        Assert.Equal(written.Graph.Nodes.Select(Describe), read.Graph.Nodes.Select(Describe));
        Assert.Equal(written.Graph.Initializers.Select(t => (t.Name, t.DataType)), read.Graph.Initializers.Select(t => (t.Name, t.DataType)));
        for (int i = 0; i < written.Graph.Initializers.Count; i++)
        {
            Assert.Equal(written.Graph.Initializers[i].Dims, read.Graph.Initializers[i].Dims);
            Assert.Equal(written.Graph.Initializers[i].Floats, read.Graph.Initializers[i].Floats);
        }
        Assert.Equal(written.Graph.Inputs.Select(v => v.DescribeShape()), read.Graph.Inputs.Select(v => v.DescribeShape()));
        Assert.Equal(["av", "h_out", "c_out"], read.Graph.Outputs.Select(v => v.Name));
    }

    [Fact]
    public void AttributesOfEveryKindRoundTrip()
    {
        var graph = new OnnxGraphBuilder("attributes");
        graph.AddInput("x", 1, 2);
        graph.AddNode(
            "Custom",
            "/custom",
            ["x"],
            ["y"],
            OnnxAttribute.OfFloat("f", 0.25f),
            OnnxAttribute.OfInt("i", -7),
            OnnxAttribute.OfString("s", "forward"),
            OnnxAttribute.OfTensor("t", OnnxTensorProto.Float("", [1.5f, -2f], 2)),
            OnnxAttribute.OfFloats("floats", 1f, 2.5f),
            OnnxAttribute.OfInts("ints", 1, 0, -2),
            OnnxAttribute.OfStrings("strings", "Sigmoid", "Tanh"));
        graph.AddOutput("y", 1, 2);
        OnnxNode node = Assert.Single(OnnxModelReader.Parse(OnnxModelWriter.Serialize(graph.ToModel()), "memory").Graph.Nodes);
        Assert.Equal((OnnxAttributeType.Float, 0.25f), (node.Attribute("f")!.Type, node.Attribute("f")!.Float));
        Assert.Equal((OnnxAttributeType.Int, -7L), (node.Attribute("i")!.Type, node.Attribute("i")!.Int));
        Assert.Equal("forward", node.Attribute("s")!.String);
        Assert.Equal([1.5f, -2f], node.Attribute("t")!.Tensor!.Floats);
        Assert.Equal([1f, 2.5f], node.Attribute("floats")!.Floats);
        Assert.Equal([1L, 0L, -2L], node.Attribute("ints")!.Ints);
        Assert.Equal(["Sigmoid", "Tanh"], node.Attribute("strings")!.Strings);
    }

    [Fact]
    public void MissingFileIsNamedInTheError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(path));
        Assert.Equal($"{path}: no such model file", error.Message);
    }

    [Fact]
    public void RandomBytesGiveAOneLineErrorNamingTheFile()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            var error = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Parse(bytes, "noise.onnx"));
            Assert.StartsWith("noise.onnx: not a readable ONNX model: ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    [Fact]
    public void EmptyFileHasNoGraph()
    {
        var error = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Parse([], "empty.onnx"));
        Assert.Equal("empty.onnx: not a readable ONNX model: it holds no graph", error.Message);
    }

    [SkippableFact]
    public void TruncatedModelSaysItIsTruncated()
    {
        string dir = Requires.ReferenceData();
        byte[] whole = File.ReadAllBytes(Path.Combine(dir, "stateful_random.onnx"));
        string path = Path.Combine(Path.GetTempPath(), $"half-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        try
        {
            var error = Assert.Throws<OnnxModelException>(() => OnnxModelReader.Read(path));
            Assert.StartsWith($"{path}: not a readable ONNX model: truncated", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Describe(OnnxNode node) =>
        $"{node.OpType} {node.Name} ({string.Join(",", node.Inputs)}) -> ({string.Join(",", node.Outputs)}) "
        + string.Join(";", node.Attributes.Select(a => $"{a.Name}:{a.Type}:{a.Int}:{a.Float}:{string.Join(",", a.Ints)}:{a.Tensor?.Integers.FirstOrDefault()}"));
}
