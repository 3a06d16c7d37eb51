using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.TestSupport.Onnx;

/// <summary>
/// A stateful LSTM emotion model with random weights, for tests and benchmarks of any depth and width.
/// It follows the project's model contract (mel [1,frames,bands], h_in/c_in [layers,1,hidden] -> av [1,2],
/// h_out, c_out) with the op pattern torch 1.13 exports for an nn.LSTM, Linear and tanh on the last step:
/// Transpose, per layer Slice of the state and LSTM and Squeeze, Concat of the final states, Gather, Gemm, Tanh.
/// </summary>
public static class RandomLstmModel
{
    /// <summary>
    /// torch's default init draws from U(-1/sqrt(hidden), 1/sqrt(hidden)); three times that makes the outputs
    /// swing across most of [-1, 1], as the reference stateful_random model does, so a wrong result shows.
    /// </summary>
    private const float Gain = 3f;

    public static OnnxModel Create(int layers, int hidden, int seed, int frames = 44, int bands = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        var random = new Random(seed);
        var graph = new OnnxGraphBuilder("main_graph");
        graph.AddInput("mel", 1, frames, bands);
        graph.AddInput("h_in", layers, 1, hidden);
        graph.AddInput("c_in", layers, 1, hidden);

        string sequence = graph.AddNode("Transpose", "/lstm/Transpose", ["mel"], OnnxAttribute.OfInts("perm", 1, 0, 2));
        var finalH = new string[layers];
        var finalC = new string[layers];
        for (int layer = 0; layer < layers; layer++)
        {
            int input = layer == 0 ? bands : hidden;
            string w = graph.AddInitializer(Uniform(random, $"lstm.W_{layer}", hidden, 1, 4L * hidden, input));
            string r = graph.AddInitializer(Uniform(random, $"lstm.R_{layer}", hidden, 1, 4L * hidden, hidden));
            string b = graph.AddInitializer(Uniform(random, $"lstm.B_{layer}", hidden, 1, 8L * hidden));
            string h0 = SliceLayer(graph, "h_in", layer, $"/lstm/Slice_{2 * layer}");
            string c0 = SliceLayer(graph, "c_in", layer, $"/lstm/Slice_{2 * layer + 1}");
            string node = layer == 0 ? "/lstm/LSTM" : $"/lstm/LSTM_{layer}";
            string[] outputs = graph.AddNode(
                "LSTM",
                node,
                [sequence, w, r, b, "", h0, c0],
                [OnnxGraphBuilder.OutputOf(node, 0), OnnxGraphBuilder.OutputOf(node, 1), OnnxGraphBuilder.OutputOf(node, 2)],
                OnnxAttribute.OfInt("hidden_size", hidden));
            finalH[layer] = outputs[1];
            finalC[layer] = outputs[2];
            // LSTM's Y is [time, directions, batch, hidden]; the next layer takes [time, batch, input].
            sequence = graph.AddNode(
                "Squeeze", layer == 0 ? "/lstm/Squeeze" : $"/lstm/Squeeze_{layer}", [outputs[0], graph.AddConstant([1], 1)]);
        }
        string batchFirst = graph.AddNode("Transpose", "/lstm/Transpose_1", [sequence], OnnxAttribute.OfInts("perm", 1, 0, 2));
        graph.AddNode("Concat", "/lstm/Concat", finalH, ["h_out"], OnnxAttribute.OfInt("axis", 0));
        graph.AddNode("Concat", "/lstm/Concat_1", finalC, ["c_out"], OnnxAttribute.OfInt("axis", 0));

        string last = graph.AddNode(
            "Gather", "/Gather", [batchFirst, graph.AddConstant([-1])], OnnxAttribute.OfInt("axis", 1));
        string weight = graph.AddInitializer(Uniform(random, "linear.weight", hidden, 2, hidden));
        string bias = graph.AddInitializer(Uniform(random, "linear.bias", hidden, 2));
        string linear = graph.AddNode(
            "Gemm",
            "/linear/Gemm",
            [last, weight, bias],
            OnnxAttribute.OfFloat("alpha", 1f),
            OnnxAttribute.OfFloat("beta", 1f),
            OnnxAttribute.OfInt("transB", 1));
        graph.AddNode("Tanh", "/Tanh", [linear], ["av"]);

        graph.AddOutput("av", 1, 2);
        graph.AddOutput("h_out", layers, 1, hidden);
        graph.AddOutput("c_out", layers, 1, hidden);
        return graph.ToModel();
    }

    public static void Write(string path, int layers, int hidden, int seed, int frames = 44, int bands = 128) =>
        OnnxModelWriter.Write(Create(layers, hidden, seed, frames, bands), path);

    private static string SliceLayer(OnnxGraphBuilder graph, string state, int layer, string node)
    {
        string axes = graph.AddConstant([0], 1);
        string starts = graph.AddConstant([layer], 1);
        string ends = graph.AddConstant([layer + 1], 1);
        return graph.AddNode("Slice", node, [state, starts, ends, axes]);
    }

    private static OnnxTensorProto Uniform(Random random, string name, int fanIn, params long[] dims)
    {
        float bound = Gain / MathF.Sqrt(fanIn);
        long count = 1;
        foreach (long d in dims)
        {
            count *= d;
        }
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (2f * random.NextSingle() - 1f) * bound;
        }
        return OnnxTensorProto.Float(name, values, dims);
    }
}
