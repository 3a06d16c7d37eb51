using MusicEmotion.Features;
using MusicEmotion.Inference.OnnxRuntime;
using MusicEmotion.Inference;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>The ORT engine against the PyTorch outputs in the shared reference data, value by value.</summary>
public sealed class OrtEmotionEngineParityTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;

    [SkippableFact]
    public void PaperModelMatchesTorchOnEveryClip()
    {
        string reference = OrtModels.RequireReference();
        using var engine = OrtEmotionEngine.Load(Path.Combine(reference, OrtModels.PaperEmotion));
        Assert.False(engine.Info.Signature.IsStateful);
        double worst = 0;
        foreach (string track in ReferencePaths.Tracks)
        {
            float[] frames = ReferenceInputs.FromReferenceLogMel(reference, track);
            NpyArray expected = NpyFile.Read(Path.Combine(reference, track + ".paper_av.npy"));
            for (int clip = 0; clip < expected.Shape[0]; clip++)
            {
                worst = Math.Max(worst, Compare(engine.Step(ReferenceInputs.Frame(frames, clip)), expected.Row(clip), $"{track} clip {clip}"));
            }
        }
        output.WriteLine($"paper_emotion.onnx vs paper_av.npy: max abs error {worst:E2}");
    }

    [SkippableFact]
    public void StatefulModelCarriesItsStateLikeTorch()
    {
        string reference = OrtModels.RequireReference();
        using var engine = OrtEmotionEngine.Load(Path.Combine(reference, OrtModels.StatefulRandom));
        Assert.Equal(new ModelSignature(44, 128, 2, 32), engine.Info.Signature);
        double worstAv = 0;
        double worstHidden = 0;
        double worstCell = 0;
        foreach (string track in ReferencePaths.Tracks)
        {
            engine.Reset();
            float[] frames = ReferenceInputs.FromReferenceLogMel(reference, track);
            NpyArray expected = NpyFile.Read(Path.Combine(reference, track + ".stateful_av.npy"));
            for (int clip = 0; clip < expected.Shape[0]; clip++)
            {
                worstAv = Math.Max(worstAv, Compare(engine.Step(ReferenceInputs.Frame(frames, clip)), expected.Row(clip), $"{track} frame {clip}"));
            }
            NpyArray finalState = NpyFile.Read(Path.Combine(reference, track + ".stateful_state.npy"));
            Assert.Equal([2, 2, 32], finalState.Shape);
            LstmState state = engine.SnapshotState();
            worstHidden = Math.Max(worstHidden, MaxError(state.H, finalState.Row(0), $"{track} final h"));
            // The random weights drive the cell state of this model to |c| ~ 160, where float32 values lie
            // 1.5e-5 apart: c is held to the same 1e-5, relative to its size.
            worstCell = Math.Max(worstCell, MaxError(state.C, finalState.Row(1), $"{track} final c", relative: true));
        }
        output.WriteLine($"stateful_random.onnx vs stateful_av.npy: max abs error {worstAv:E2}; final h: max abs error "
                         + $"{worstHidden:E2}; final c: max error {worstCell:E2} relative to max(1, |c|)");
    }

    [SkippableFact]
    public void ResetAndRestoreReproduceTheSameReadings()
    {
        string reference = OrtModels.RequireReference();
        using var engine = OrtEmotionEngine.Load(Path.Combine(reference, OrtModels.StatefulRandom));
        float[] frames = ReferenceInputs.FromReferenceLogMel(reference, "frantic");
        AffectPoint[] Steps(int from) => [.. Enumerable.Range(from, 6).Select(i => engine.Step(ReferenceInputs.Frame(frames, i)))];

        AffectPoint[] first = Steps(0);
        LstmState middle = engine.SnapshotState();
        AffectPoint[] second = Steps(6);

        engine.RestoreState(middle);
        Assert.Equal(second, Steps(6));

        engine.Reset();
        Assert.Equal(first, Steps(0));
        Assert.NotEqual(first[1], second[1]);
    }

    [SkippableFact]
    public void InfoNamesTheRuntimeProviderAndModel()
    {
        string path = OrtModels.Path(OrtModels.PaperEmotion);
        using var engine = OrtEmotionEngine.Load(path, OrtEngineOptions.Default);
        Assert.Equal("onnxruntime", engine.Info.Engine);
        Assert.Equal("cpu", engine.Info.Provider);
        Assert.Equal("paper_emotion", engine.Info.ModelName);
        Assert.Equal(path, engine.Info.ModelPath);
        Assert.Equal(new ModelSignature(44, 128, 0, 0), engine.Info.Signature);
        Assert.Equal("", engine.Info.Note);
        Assert.Same(LstmState.Empty, engine.SnapshotState());
    }

    private static double Compare(AffectPoint actual, ReadOnlySpan<float> expected, string what) =>
        MaxError([actual.Arousal, actual.Valence], expected, what);

    /// <summary>The largest error, after checking each against the tolerance (scaled by max(1, |expected|) if relative).</summary>
    private static double MaxError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what, bool relative = false)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double scale = relative ? Math.Max(1, Math.Abs(expected[i])) : 1;
            double error = Math.Abs(actual[i] - expected[i]) / scale;
            Assert.True(error <= Tolerance, $"{what}[{i}]: {actual[i]} vs {expected[i]} (error {error:E2})");
            worst = Math.Max(worst, error);
        }
        return worst;
    }
}
