using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>A profile applied per frame, on the shipped model and the managed engine: the map's readings, and no allocation.</summary>
public sealed class CalibratedEngineTests
{
    private static readonly string ShippedModel = Path.Combine(ReferencePaths.RepositoryRoot, "models", "musicemotion-emotion.onnx");

    // A rotation, a scale and a shift: every one of the six numbers matters.
    private static readonly AffineCalibration Map = new(0.5f, -0.2f, 0.1f, 0.3f, 1.3f, -0.3f);

    [Fact]
    public void AStepIsTheInnerEnginesReadingThroughTheMap()
    {
        using var plain = ManagedEmotionEngine.Load(ShippedModel);
        using var calibrated = new CalibratedEngine(ManagedEmotionEngine.Load(ShippedModel), Map);
        float[] frame = Frame(plain.Info.Signature.FrameSize);
        for (int i = 0; i < 10; i++)
        {
            frame[i] += 0.1f;
            AffectPoint expected = Map.Apply(plain.Step(frame));
            Assert.Equal(expected, calibrated.Step(frame));
        }
    }

    [Fact]
    public void AStepAllocatesNothingWithAProfile()
    {
        using var engine = new CalibratedEngine(ManagedEmotionEngine.Load(ShippedModel), Map);
        float[] frame = Frame(engine.Info.Signature.FrameSize);
        float sum = 0;
        for (int i = 0; i < 20; i++)
        {
            sum += engine.Step(frame).Valence;
        }
        (long allocated, _) = Allocations.During(300, _ =>
        {
            sum += engine.Step(frame).Valence;
            return 0;
        });
        Assert.Equal(0, allocated);
        Assert.True(float.IsFinite(sum));
    }

    private static float[] Frame(int size)
    {
        var frame = new float[size];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = MathF.Sin(i * 0.37f);
        }
        return frame;
    }
}
