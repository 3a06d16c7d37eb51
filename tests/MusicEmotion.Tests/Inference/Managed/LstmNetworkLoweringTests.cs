using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.TestSupport.Onnx;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Managed;

public sealed class LstmNetworkLoweringTests
{
    [SkippableFact]
    public void PaperModelIsFourStatelessLayersAndALinearHeadOnTheLastStep()
    {
        string dir = Requires.ReferenceData();
        LstmNetwork network = LstmNetwork.Load(Path.Combine(dir, "paper_emotion.onnx"));
        Assert.Equal((44, 128, false, 43), (network.Steps, network.InputSize, network.IsStateful, network.HeadStep));
        Assert.Equal([(128, 20), (20, 20), (20, 20), (20, 20)], network.Layers.Select(l => (l.InputSize, l.Hidden)));
        // The zero initial states come from the folded Shape/Gather/Concat/ConstantOfShape/Slice chains.
        Assert.All(network.Layers, l => Assert.True(l.InitialH.All(v => v == 0) && l.InitialC.All(v => v == 0)));
        DenseOperation head = Assert.IsType<DenseOperation>(Assert.Single(network.Head));
        Assert.Equal((20, 2), (head.InputSize, head.OutputSize));
        Assert.Equal([1L, 2L], network.OutputShape);
    }

    [SkippableFact]
    public void StatefulReferenceModelTakesEveryLayerFromTheState()
    {
        string dir = Requires.ReferenceData();
        LstmNetwork network = LstmNetwork.Load(Path.Combine(dir, "stateful_random.onnx"));
        Assert.True(network.IsStateful);
        Assert.Equal([(128, 32), (32, 32)], network.Layers.Select(l => (l.InputSize, l.Hidden)));
        Assert.Equal([typeof(DenseOperation), typeof(ActivationOperation)], network.Head.Select(o => o.GetType()));
    }

    [SkippableFact]
    public void PaperPredictorIsOneLayerOverTenReadings()
    {
        string dir = Requires.ReferenceData();
        LstmNetwork network = LstmNetwork.Load(Path.Combine(dir, "paper_predictor.onnx"));
        Assert.Equal((10, 2, 9), (network.Steps, network.InputSize, network.HeadStep));
        Assert.Equal((2, 32), (Assert.Single(network.Layers).InputSize, network.Layers[0].Hidden));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 20)]
    [InlineData(2, 64)]
    public void GeneratedModelsLowerToTheirLayersAndState(int layers, int hidden)
    {
        LstmNetwork network = LstmNetwork.FromModel(RandomLstmModel.Create(layers, hidden, seed: 5), "generated.onnx");
        Assert.True(network.IsStateful);
        Assert.Equal(layers, network.Layers.Count);
        Assert.All(network.Layers, l => Assert.Equal(hidden, l.Hidden));
        Assert.Equal("generated", network.Name);
    }

    [Fact]
    public void UnsupportedOpIsNamedWithItsNode()
    {
        string path = WriteTemporary(WithNodeFirst(
            RandomLstmModel.Create(2, 8, seed: 1),
            new OnnxNode("Conv", "/conv/Conv", ["mel", "lstm.W_0"], ["/conv/Conv_output_0"], [])));
        try
        {
            var error = Assert.Throws<OnnxModelException>(() => ManagedEmotionEngine.Load(path));
            Assert.Equal(
                $"{path}: unsupported op 'Conv' (node '/conv/Conv'); the managed engine runs LSTM networks (supported ops: LSTM, Gemm, MatMul, Add, Tanh, Sigmoid, Relu, Transpose, Squeeze, Unsqueeze, Reshape, Flatten, Identity, Slice, Concat, Gather, Shape, Constant, ConstantOfShape, Expand)",
                error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("direction", "bidirectional", "direction 'bidirectional' is not supported; the managed engine runs forward LSTMs")]
    [InlineData("direction", "reverse", "direction 'reverse' is not supported")]
    [InlineData("activations", "Tanh,Tanh,Tanh", "activations [Tanh, Tanh, Tanh] are not supported")]
    [InlineData("clip", "3", "attribute 'clip' is not supported")]
    [InlineData("layout", "1", "layout 1 (batch-first X) is not supported")]
    [InlineData("input_forget", "1", "input_forget (coupled input and forget gates) is not supported")]
    public void LstmVariantsTheEngineDoesNotRunAreRejected(string attribute, string value, string expected)
    {
        OnnxAttribute extra = attribute switch
        {
            "direction" => OnnxAttribute.OfString(attribute, value),
            "activations" => OnnxAttribute.OfStrings(attribute, value.Split(',')),
            "clip" => OnnxAttribute.OfFloat(attribute, float.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => OnnxAttribute.OfInt(attribute, long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
        OnnxModel model = RandomLstmModel.Create(2, 8, seed: 1);
        OnnxModel changed = model with
        {
            Graph = model.Graph with
            {
                Nodes = [.. model.Graph.Nodes.Select(n => n.OpType == "LSTM" ? n with { Attributes = [.. n.Attributes, extra] } : n)],
            },
        };
        var error = Assert.Throws<OnnxModelException>(() => LstmNetwork.FromModel(changed, "variant.onnx"));
        Assert.StartsWith("variant.onnx: node '/lstm/LSTM' (LSTM): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(44, 64, "generated.onnx: input 'mel' [1,44,64] is not an emotion model's [*,44,128] (44 time steps of 128 mel bands)")]
    [InlineData(22, 128, "generated.onnx: input 'mel' [1,22,128] is not an emotion model's [*,44,128] (44 time steps of 128 mel bands)")]
    public void EmotionEngineRejectsAnotherInputShape(int frames, int bands, string expected)
    {
        LstmNetwork network = LstmNetwork.FromModel(RandomLstmModel.Create(1, 8, seed: 1, frames, bands), "generated.onnx");
        var error = Assert.Throws<OnnxModelException>(() => ManagedEmotionEngine.Create(network));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ForecasterRejectsAnEmotionModel()
    {
        LstmNetwork network = LstmNetwork.FromModel(RandomLstmModel.Create(1, 8, seed: 1), "emotion.onnx");
        var error = Assert.Throws<OnnxModelException>(() => ManagedForecaster.Create(network, [1.0]));
        Assert.Equal("emotion.onnx: input 'mel' [1,44,128] is not a forecaster's [*,n,2] (n readings of arousal, valence)", error.Message);
    }

    [Fact]
    public void ModelWithoutAnLstmIsRejected()
    {
        var graph = new OnnxGraphBuilder("dense");
        graph.AddInput("mel", 1, 44, 128);
        string flat = graph.AddNode("Flatten", "/Flatten", ["mel"]);
        string weight = graph.AddInitializer(OnnxTensorProto.Float("w", new float[2 * 44 * 128], 2, 44 * 128));
        graph.AddNode("Gemm", "/Gemm", [flat, weight], ["av"], OnnxAttribute.OfInt("transB", 1));
        graph.AddOutput("av", 1, 2);
        var error = Assert.Throws<OnnxModelException>(() => LstmNetwork.FromModel(graph.ToModel(), "dense.onnx"));
        Assert.Equal("dense.onnx: has no LSTM node; the managed engine runs LSTM networks", error.Message);
    }

    [Fact]
    public void StatefulModelMustHandBackBothStates()
    {
        OnnxModel model = RandomLstmModel.Create(2, 8, seed: 1);
        OnnxModel changed = model with { Graph = model.Graph with { Outputs = [.. model.Graph.Outputs.Where(o => o.Name != "c_out")] } };
        var error = Assert.Throws<OnnxModelException>(() => LstmNetwork.FromModel(changed, "half.onnx"));
        Assert.Equal("half.onnx: no output holds the final c of all 2 layers (the c_out a stateful model hands back)", error.Message);
    }

    [Fact]
    public void ActivationOnTheWholeSequenceIsRejected()
    {
        OnnxModel model = RandomLstmModel.Create(1, 8, seed: 1);
        OnnxNode relu = new("Relu", "/Relu", ["/lstm/Squeeze_output_0"], ["/Relu_output_0"], []);
        var nodes = model.Graph.Nodes.ToList();
        nodes.Insert(nodes.FindIndex(n => n.Name == "/lstm/Squeeze") + 1, relu);
        OnnxModel changed = model with { Graph = model.Graph with { Nodes = nodes } };
        var error = Assert.Throws<OnnxModelException>(() => LstmNetwork.FromModel(changed, "relu.onnx"));
        Assert.Equal(
            "relu.onnx: node '/Relu' (Relu): Relu of the whole LSTM sequence; the managed engine applies it only on the head after one time step is taken",
            error.Message);
    }

    private static OnnxModel WithNodeFirst(OnnxModel model, OnnxNode node) =>
        model with { Graph = model.Graph with { Nodes = [node, .. model.Graph.Nodes] } };

    private static string WriteTemporary(OnnxModel model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.onnx");
        OnnxModelWriter.Write(model, path);
        return path;
    }
}
