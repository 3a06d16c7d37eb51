using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.TestSupport.Onnx;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Managed;

public sealed class ManagedEngineBehaviourTests
{
    private const int FrameSize = ManagedEmotionEngine.Frames * ManagedEmotionEngine.Bands;

    public static TheoryData<int, int, ManagedKernel> Shapes => new()
    {
        { 4, 20, ManagedKernel.Avx512 },
        { 2, 32, ManagedKernel.Avx512 },
        { 2, 64, ManagedKernel.Avx512 },
        { 1, 13, ManagedKernel.Avx512 },
        { 4, 20, ManagedKernel.Avx2 },
        { 2, 64, ManagedKernel.Avx2 },
        { 1, 13, ManagedKernel.Avx2 },
        { 2, 32, ManagedKernel.Scalar },
    };

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void StepAllocatesNothingAfterWarmUp(int layers, int hidden, ManagedKernel kernel)
    {
        KernelSupport.Require(kernel);
        using ManagedEmotionEngine engine = Generated(layers, hidden, kernel);
        float[][] frames = [Frames(1, seed: 1), Frames(1, seed: 2)];
        for (int i = 0; i < 20; i++)
        {
            engine.Step(frames[i % 2]);
        }
        (long bytes, _) = Allocations.During(300, i =>
        {
            engine.Step(frames[i % 2]);
            return 0;
        });
        Assert.Equal(0, bytes);
    }

    [SkippableFact]
    public void ReferenceModelsAllocateNothingPerStepOrPrediction()
    {
        string dir = Requires.ReferenceData();
        using var engine = ManagedEmotionEngine.Load(Path.Combine(dir, "paper_emotion.onnx"));
        using var forecaster = ManagedForecaster.Load(Path.Combine(dir, "paper_predictor.onnx"), [1.0]);
        float[] frame = Frames(1, seed: 3);
        var history = new AffectPoint[10];
        var next = new AffectPoint[1];
        for (int i = 0; i < 20; i++)
        {
            history[i % 10] = engine.Step(frame);
            forecaster.Predict(history, next);
        }
        (long bytes, _) = Allocations.During(300, i =>
        {
            history[i % 10] = engine.Step(frame);
            forecaster.Predict(history, next);
            return 0;
        });
        Assert.Equal(0, bytes);
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void VectorKernelsAgreeWithTheScalarOnes(int layers, int hidden, ManagedKernel kernel)
    {
        KernelSupport.Require(kernel);
        using ManagedEmotionEngine vector = Generated(layers, hidden, kernel);
        using ManagedEmotionEngine scalar = Generated(layers, hidden, ManagedKernel.Scalar);
        float[] frames = Frames(8, seed: hidden);
        var a = new AffectPoint[8];
        var b = new AffectPoint[8];
        vector.Run(frames, a);
        scalar.Run(frames, b);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.InRange(MathF.Abs(a[i].Arousal - b[i].Arousal), 0f, 1e-5f);
            Assert.InRange(MathF.Abs(a[i].Valence - b[i].Valence), 0f, 1e-5f);
        }
    }

    [Fact]
    public void RestoringASnapshotContinuesExactlyAsBefore()
    {
        using ManagedEmotionEngine engine = Generated(2, 16, ManagedKernel.Best);
        float[] frames = Frames(8, seed: 4);
        var warmUp = new AffectPoint[5];
        engine.Run(frames.AsSpan(0, 5 * FrameSize), warmUp);
        LstmState snapshot = engine.SnapshotState();
        var first = new AffectPoint[3];
        engine.Run(frames.AsSpan(5 * FrameSize), first);
        engine.RestoreState(snapshot);
        var second = new AffectPoint[3];
        engine.Run(frames.AsSpan(5 * FrameSize), second);
        Assert.Equal(first, second);
        Assert.NotEqual(first[0], warmUp[4]);
    }

    [Fact]
    public void ResetStartsOverLikeAFreshEngine()
    {
        using ManagedEmotionEngine used = Generated(2, 16, ManagedKernel.Best);
        using ManagedEmotionEngine fresh = Generated(2, 16, ManagedKernel.Best);
        float[] frames = Frames(3, seed: 5);
        var ignored = new AffectPoint[3];
        used.Run(frames, ignored);
        used.Reset();
        Assert.All(used.SnapshotState().H, v => Assert.Equal(0f, v));
        var afterReset = new AffectPoint[3];
        var fromFresh = new AffectPoint[3];
        used.Run(frames, afterReset);
        fresh.Run(frames, fromFresh);
        Assert.Equal(fromFresh, afterReset);
    }

    [SkippableFact]
    public void StatelessModelForgetsEveryFrame()
    {
        string dir = Requires.ReferenceData();
        using var engine = ManagedEmotionEngine.Load(Path.Combine(dir, "paper_emotion.onnx"));
        float[] frame = Frames(1, seed: 6);
        AffectPoint first = engine.Step(frame);
        engine.Step(Frames(1, seed: 7));
        Assert.Equal(first, engine.Step(frame));
        Assert.Same(LstmState.Empty, engine.SnapshotState());
        Assert.Equal(new ModelSignature(44, 128, 0, 0), engine.Info.Signature);
    }

    [Fact]
    public void InfoNamesTheEngineTheKernelAndTheModel()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        RandomLstmModel.Write(path, layers: 3, hidden: 12, seed: 8);
        try
        {
            using var engine = ManagedEmotionEngine.Load(path, ManagedKernel.Scalar);
            Assert.Equal(
                new EngineInfo("managed", "managed-scalar", Path.GetFileNameWithoutExtension(path), path, new ModelSignature(44, 128, 3, 12)),
                engine.Info);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RestoreRejectsAStateOfAnotherShape()
    {
        using ManagedEmotionEngine engine = Generated(2, 16, ManagedKernel.Best);
        var error = Assert.Throws<ArgumentException>(() => engine.RestoreState(new LstmState(2, 32)));
        Assert.StartsWith("state of 2 layers x 32 does not fit generated (2 layers x 16)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepRejectsAFrameOfTheWrongSize()
    {
        using ManagedEmotionEngine engine = Generated(1, 8, ManagedKernel.Best);
        var error = Assert.Throws<ArgumentException>(() => engine.Step(new float[128 * 43]));
        Assert.StartsWith("a frame is 44 x 128 = 5632 floats (time-major), got 5504", error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(ManagedKernel.Avx512)]
    [InlineData(ManagedKernel.Avx2)]
    [InlineData(ManagedKernel.Scalar)]
    public void NaNInTheFrameComesOutAsNaNNotAsAPlausibleReading(ManagedKernel kernel)
    {
        KernelSupport.Require(kernel);
        using ManagedEmotionEngine engine = Generated(2, 16, kernel);
        float[] frame = Frames(1, seed: 9);
        frame[100] = float.NaN;
        Assert.False(engine.Step(frame).IsFinite);
    }

    private static ManagedEmotionEngine Generated(int layers, int hidden, ManagedKernel kernel) =>
        ManagedEmotionEngine.Create(LstmNetwork.FromModel(RandomLstmModel.Create(layers, hidden, seed: hidden), "generated"), kernel);

    private static float[] Frames(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * FrameSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 4 - 2);
        }
        return values;
    }
}
