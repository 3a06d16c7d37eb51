using System.Text.Json;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Native;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Training;

/// <summary>
/// The parity fixture a training run writes beside its model (tools/training/README.md): forty consecutive
/// z-scored frames of a held-out track, PyTorch's readings for them fed one by one from a zero state with the
/// state carried, and the state after the last frame. Checking an engine against it is the proof that what
/// we serve is what was trained.
/// </summary>
internal sealed class TrainedModelFixture
{
    private TrainedModelFixture(string folder)
    {
        Mel = NpyFile.Read(Path.Combine(folder, "mel.npy"));
        Av = NpyFile.Read(Path.Combine(folder, "av.npy"));
        H = NpyFile.Read(Path.Combine(folder, "h_out.npy"));
        C = NpyFile.Read(Path.Combine(folder, "c_out.npy"));
        using JsonDocument description = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "fixture.json")));
        ModelSha256 = description.RootElement.GetProperty("model_sha256").GetString()!;
    }

    public NpyArray Mel { get; }

    public NpyArray Av { get; }

    public NpyArray H { get; }

    public NpyArray C { get; }

    /// <summary>The model file the fixture was made with.</summary>
    public string ModelSha256 { get; }

    public int Frames => Mel.Shape[0];

    public static TrainedModelFixture Read(string folder) => new(folder);

    /// <summary>
    /// Runs the fixture's frames through <paramref name="kind"/> on <paramref name="onnx"/> from a zero state and
    /// returns the largest differences from PyTorch: over every reading and the final h (absolute), and over the
    /// final c relative to max(1, |c|). A cell state carried across 40 frames of 44 LSTM steps each grows to
    /// hundreds (783 in the shipped model), where one float32 step is 6e-5, so c is held relative to its size.
    /// </summary>
    public ParityErrors Compare(EngineKind kind, string onnx)
    {
        Assert.Equal(ModelSha256, ModelCatalog.Sha256(onnx));
        if (kind == EngineKind.OnnxRuntime)
        {
            Requires.That(NativeLibraries.IsAvailable(NativeLibraries.OnnxRuntime), "the ONNX Runtime library (NuGet Microsoft.ML.OnnxRuntime, beside the build)");
        }
        using IEmotionEngine engine = EngineFactory.CreateEmotionEngine(ModelCatalog.Describe(onnx), new EngineOptions { Engine = kind });
        int size = engine.Info.Signature.FrameSize;
        Assert.Equal(Mel.Data.Length, Frames * size);
        float readings = 0;
        for (int i = 0; i < Frames; i++)
        {
            AffectPoint reading = engine.Step(Mel.Data.AsSpan(i * size, size));
            readings = MathF.Max(readings, Difference(reading.Arousal, Av.Data[2 * i]));
            readings = MathF.Max(readings, Difference(reading.Valence, Av.Data[(2 * i) + 1]));
        }
        LstmState state = engine.SnapshotState();
        Assert.Equal(H.Data.Length, state.H.Length);
        float h = 0, c = 0;
        for (int i = 0; i < state.H.Length; i++)
        {
            h = MathF.Max(h, Difference(state.H[i], H.Data[i]));
            c = MathF.Max(c, Difference(state.C[i], C.Data[i]) / MathF.Max(1f, MathF.Abs(C.Data[i])));
        }
        return new ParityErrors(readings, h, c);
    }

    private static float Difference(float actual, float expected)
    {
        Assert.True(float.IsFinite(actual), $"the engine gave {actual} where PyTorch gave {expected}");
        return MathF.Abs(actual - expected);
    }
}

/// <summary>Largest differences from PyTorch: readings and final h absolute, final c relative to max(1, |c|).</summary>
internal readonly record struct ParityErrors(float Readings, float H, float CRelative)
{
    public float Worst => MathF.Max(Readings, MathF.Max(H, CRelative));

    public override string ToString() => $"readings {Readings:E2}, final h {H:E2}, final c {CRelative:E2} relative to max(1, |c|)";
}
