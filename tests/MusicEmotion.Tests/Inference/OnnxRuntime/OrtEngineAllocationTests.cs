using MusicEmotion.Inference;
using MusicEmotion.Inference.OnnxRuntime;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>After warm-up, a step is a native run over pre-bound pinned tensors: no managed allocation at all.</summary>
public sealed class OrtEngineAllocationTests
{
    private const int Steps = 256;

    [SkippableTheory]
    [InlineData(OrtModels.StatefulRandom)]
    [InlineData(OrtModels.PaperEmotion)]
    public void StepAllocatesNothing(string model)
    {
        using var engine = OrtEmotionEngine.Load(OrtModels.Path(model));
        var frame = new float[engine.Info.Signature.FrameSize];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = MathF.Sin(i * 0.37f);
        }
        engine.Step(frame);

        float sum = 0;
        (long allocated, _) = Allocations.During(Steps, _ =>
        {
            sum += engine.Step(frame).Arousal;
            return 0;
        });

        Assert.Equal(0, allocated);
        Assert.True(float.IsFinite(sum));
    }

    [SkippableFact]
    public void PredictAllocatesNothing()
    {
        using var forecaster = OrtForecaster.Load(OrtModels.Path(OrtModels.PaperPredictor), OrtModels.PaperHorizon);
        var history = new AffectPoint[10];
        for (int i = 0; i < history.Length; i++)
        {
            history[i] = new AffectPoint(0.1f * i, -0.05f * i);
        }
        var next = new AffectPoint[1];
        forecaster.Predict(history, next);

        (long allocated, _) = Allocations.During(Steps, _ =>
        {
            forecaster.Predict(history, next);
            return 0;
        });
        Assert.Equal(0, allocated);
        Assert.True(next[0].IsFinite);
    }
}
