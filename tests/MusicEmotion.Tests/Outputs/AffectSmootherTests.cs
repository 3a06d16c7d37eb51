using MusicEmotion.Inference;
using MusicEmotion.Outputs.Osc;

namespace MusicEmotion.Tests.Outputs;

public sealed class AffectSmootherTests
{
    [Fact]
    public void AStepIsCoveredToOneMinusOneOverEAfterOneTimeConstant()
    {
        var smoother = new AffectSmoother(timeConstantSeconds: 2);
        smoother.Add(new AffectPoint(0, 0), 10);

        // Four readings half a second apart: two seconds, one time constant.
        AffectPoint value = default;
        for (int i = 1; i <= 4; i++)
        {
            value = smoother.Add(new AffectPoint(1, -1), 10 + (0.5 * i));
        }

        Assert.Equal(1 - Math.Exp(-1), value.Arousal, 1e-6);
        Assert.Equal(-(1 - Math.Exp(-1)), value.Valence, 1e-6);
    }

    [Fact]
    public void AGapWeighsByTheTimeThatPassedNotByTheNumberOfReadings()
    {
        var steady = new AffectSmoother(1);
        var gapped = new AffectSmoother(1);
        steady.Add(new AffectPoint(0, 0), 0);
        gapped.Add(new AffectPoint(0, 0), 0);

        steady.Add(new AffectPoint(1, 1), 0.5);
        AffectPoint afterTwo = steady.Add(new AffectPoint(1, 1), 1.0);
        AffectPoint afterGap = gapped.Add(new AffectPoint(1, 1), 1.0);

        Assert.Equal(afterTwo.Arousal, afterGap.Arousal, 1e-6);
    }

    [Fact]
    public void AMissingReadingLeavesTheValueAndAStreamThatStartsOverStartsAfresh()
    {
        var smoother = new AffectSmoother(1);
        smoother.Add(new AffectPoint(0.5f, 0.5f), 0);
        AffectPoint before = smoother.Add(new AffectPoint(0.1f, 0.1f), 0.5);

        Assert.Equal(before, smoother.Add(new AffectPoint(float.NaN, float.NaN), 1.0));
        Assert.Equal(new AffectPoint(-0.7f, 0.2f), smoother.Add(new AffectPoint(-0.7f, 0.2f), 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void ATimeConstantMustBePositive(double seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AffectSmoother(seconds));
}
