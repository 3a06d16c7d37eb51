using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.TestSupport.Onnx;
using MusicEmotion.Native;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Inference;

/// <summary>
/// The whole product path against the references: the track's WAV through our decoder, resampler, framer and
/// features into each engine, compared with what PyTorch made from librosa's features. Tolerance 2e-5 absolute
/// (the bound; measured errors are printed). Also the stereo and 48 kHz variants, and the two engines
/// against each other on random models of several sizes.
/// </summary>
public sealed class EndToEndParityTests(ITestOutputHelper output)
{
    private const float Tolerance = 2e-5f;

    public static TheoryData<EngineKind> Engines => new(EngineKind.Managed, EngineKind.OnnxRuntime);

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public void PaperModelFromTheWavsGivesThePapersNumbers(EngineKind kind)
    {
        string dir = Requires.ReferenceData();
        using IEmotionEngine engine = Load(kind, Path.Combine(dir, "paper_emotion.onnx"));
        using IForecaster forecaster = EngineFactory.CreateForecaster(
            new ModelEntry("paper_predictor", Path.Combine(dir, "paper_predictor.onnx"), null), kind, EngineOptions.Default);
        float worstAv = 0, worstNext = 0;
        foreach (string track in ReferencePaths.Tracks)
        {
            float[] frames = ReferenceInputs.FromAudio(Path.Combine(dir, "music", track + ".wav"));
            AffectPoint[] readings = RunAll(engine, frames);
            worstAv = MathF.Max(worstAv, MaxError(readings, NpyFile.Read(Path.Combine(dir, track + ".paper_av.npy"))));

            NpyArray next = NpyFile.Read(Path.Combine(dir, track + ".paper_next.npy"));
            var predicted = new AffectPoint[next.Shape[0]];
            for (int i = 0; i < predicted.Length; i++)
            {
                forecaster.Predict(readings.AsSpan(i, 10), predicted.AsSpan(i, 1));
            }
            worstNext = MathF.Max(worstNext, MaxError(predicted, next));
        }
        output.WriteLine($"{kind}: from the WAVs, paper_av max abs error {worstAv:E2}, paper_next {worstNext:E2}");
        Assert.InRange(worstAv, 0f, Tolerance);
        Assert.InRange(worstNext, 0f, Tolerance);
    }

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public void StatefulModelFromTheWavsCarriesItsStateLikeTorch(EngineKind kind)
    {
        string dir = Requires.ReferenceData();
        using IEmotionEngine engine = Load(kind, Path.Combine(dir, "stateful_random.onnx"));
        float worstAv = 0, worstH = 0, worstC = 0;
        foreach (string track in ReferencePaths.Tracks)
        {
            engine.Reset();
            AffectPoint[] readings = RunAll(engine, ReferenceInputs.FromAudio(Path.Combine(dir, "music", track + ".wav")));
            worstAv = MathF.Max(worstAv, MaxError(readings, NpyFile.Read(Path.Combine(dir, track + ".stateful_av.npy"))));
            NpyArray state = NpyFile.Read(Path.Combine(dir, track + ".stateful_state.npy"));
            LstmState actual = engine.SnapshotState();
            worstH = MathF.Max(worstH, MaxError(actual.H, state.Row(0), relative: false));
            worstC = MathF.Max(worstC, MaxError(actual.C, state.Row(1), relative: true));
        }
        output.WriteLine($"{kind}: from the WAVs, stateful_av max abs error {worstAv:E2}, final h {worstH:E2}, "
                         + $"final c {worstC:E2} relative to max(1, |c|)");
        Assert.InRange(worstAv, 0f, Tolerance);
        Assert.InRange(worstH, 0f, Tolerance);
        // |c| reaches ~160 in this random model, where float32 steps are 1.5e-5: c is held relative to its size.
        Assert.InRange(worstC, 0f, Tolerance);
    }

    [SkippableFact]
    public void StereoFileDownmixedMatchesTheMonoReferences()
    {
        string dir = Requires.ReferenceData();
        string stereo = Path.Combine(dir, "music", "knalgan_theme_stereo.wav");
        float[] logMel = ReferenceInputs.LogMelFromAudio(stereo);
        float logMelError = MaxError(logMel, NpyFile.Read(Path.Combine(dir, "knalgan_theme.logmel.npy")).Data, relative: false);
        using IEmotionEngine engine = Load(EngineKind.Managed, Path.Combine(dir, "paper_emotion.onnx"));
        float avError = MaxError(RunAll(engine, ReferenceInputs.FromAudio(stereo)), NpyFile.Read(Path.Combine(dir, "knalgan_theme.paper_av.npy")));
        output.WriteLine($"stereo (L+R)/2: log-mel max abs error {logMelError:E2}, paper_av {avError:E2}");
        // The mono reference was rounded to int16 after the downmix; ours downmixes the float samples (README: 2.3e-4).
        Assert.InRange(logMelError, 0f, 1e-3f);
        Assert.InRange(avError, 0f, 1e-5f);
    }

    [SkippableFact]
    public void FortyEightKilohertzFileResampledMatchesTheReferencesLoosely()
    {
        string dir = Requires.ReferenceData();
        string file = Path.Combine(dir, "music", "sad_48k.wav");
        float[] logMel = ReferenceInputs.LogMelFromAudio(file);
        float[] expected = NpyFile.Read(Path.Combine(dir, "sad.logmel.npy")).Data;
        Assert.Equal(expected.Length, logMel.Length);
        double meanError = logMel.Zip(expected, (a, b) => Math.Abs((double)a - b)).Average();
        float maxError = MaxError(logMel, expected, relative: false);
        using IEmotionEngine engine = Load(EngineKind.Managed, Path.Combine(dir, "paper_emotion.onnx"));
        float avError = MaxError(RunAll(engine, ReferenceInputs.FromAudio(file)), NpyFile.Read(Path.Combine(dir, "sad.paper_av.npy")));
        output.WriteLine($"48 kHz resampled: log-mel mean abs error {meanError:E2}, max {maxError:E2}; paper_av max abs error {avError:E2}");
        // The reference README's bounds: the 48 kHz file went through sox and int16 rounding, so only loosely.
        Assert.InRange(meanError, 0, 2e-4);
        Assert.InRange(maxError, 0f, 1e-2f);
        Assert.InRange(avError, 0f, 5e-4f);
    }

    [SkippableTheory]
    [InlineData(1, 8, 1)]
    [InlineData(2, 20, 2)]
    [InlineData(2, 64, 3)]
    [InlineData(3, 48, 4)]
    public void ManagedAndOnnxRuntimeAgreeOnRandomModels(int layers, int hidden, int seed)
    {
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.OnnxRuntime), "the ONNX Runtime library (NuGet Microsoft.ML.OnnxRuntime, beside the build)");
        string path = Path.Combine(Path.GetTempPath(), $"random-{layers}x{hidden}-{Guid.NewGuid():N}.onnx");
        try
        {
            RandomLstmModel.Write(path, layers, hidden, seed);
            using IEmotionEngine managed = Load(EngineKind.Managed, path);
            using IEmotionEngine onnx = Load(EngineKind.OnnxRuntime, path);
            var random = new Random(seed);
            var frame = new float[ReferenceInputs.FrameSize];
            float worst = 0;
            for (int step = 0; step < 12; step++)
            {
                for (int i = 0; i < frame.Length; i++)
                {
                    frame[i] = (float)(random.NextDouble() * 4 - 2);
                }
                AffectPoint a = managed.Step(frame), b = onnx.Step(frame);
                worst = MathF.Max(worst, MathF.Max(MathF.Abs(a.Arousal - b.Arousal), MathF.Abs(a.Valence - b.Valence)));
            }
            LstmState sm = managed.SnapshotState(), so = onnx.SnapshotState();
            worst = MathF.Max(worst, MaxError(sm.H, so.H, relative: false));
            worst = MathF.Max(worst, MaxError(sm.C, so.C, relative: true));
            output.WriteLine($"{layers} x {hidden}: managed vs onnxruntime max error over 12 frames and the state {worst:E2}");
            Assert.InRange(worst, 0f, 1e-5f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEmotionEngine Load(EngineKind kind, string path)
    {
        if (kind == EngineKind.OnnxRuntime)
        {
            Requires.That(NativeLibraries.IsAvailable(NativeLibraries.OnnxRuntime), "the ONNX Runtime library (NuGet Microsoft.ML.OnnxRuntime, beside the build)");
        }
        return EngineFactory.CreateEmotionEngine(ModelCatalog.Describe(path), new EngineOptions { Engine = kind });
    }

    private static AffectPoint[] RunAll(IEmotionEngine engine, float[] frames)
    {
        var readings = new AffectPoint[ReferenceInputs.FrameCount(frames)];
        engine.Run(frames, readings);
        return readings;
    }

    private static float MaxError(AffectPoint[] actual, NpyArray expected)
    {
        Assert.Equal(expected.Shape[0], actual.Length);
        var flat = actual.SelectMany(p => new[] { p.Arousal, p.Valence }).ToArray();
        return MaxError(flat, expected.Data, relative: false);
    }

    private static float MaxError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, bool relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"value {i} is {actual[i]}");
            float scale = relative ? MathF.Max(1f, MathF.Abs(expected[i])) : 1f;
            worst = MathF.Max(worst, MathF.Abs(actual[i] - expected[i]) / scale);
        }
        return worst;
    }
}
