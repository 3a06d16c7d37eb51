using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Motion;

namespace MusicEmotion.Tests.Visualiser;

public sealed class PointInterpolatorTests
{
    private const double Frame = 1 / 60.0;

    [Fact]
    public void TheFirstReadingPlacesThePointDirectly()
    {
        var motion = new PointInterpolator(0.5);
        Assert.False(motion.HasTarget);
        motion.Retarget(new AffectPoint(0.4f, -0.2f), 10);
        Assert.True(motion.HasTarget);
        Assert.Equal(new AffectPoint(0.4f, -0.2f), motion.Sample(10));
    }

    [Fact]
    public void LandsExactlyOnEachReadingOneTransitionAfterItArrives()
    {
        var motion = new PointInterpolator(0.5);
        motion.Retarget(new AffectPoint(0, 0), 0);
        motion.Retarget(new AffectPoint(0.8f, 0.6f), 1.0);
        Assert.Equal(new AffectPoint(0.8f, 0.6f), motion.Sample(1.5));
        Assert.Equal(new AffectPoint(0.8f, 0.6f), motion.Sample(7));
    }

    [Fact]
    public void SetsOffTowardsANewReadingOnTheVeryNextFrame()
    {
        var motion = new PointInterpolator(0.5);
        motion.Retarget(new AffectPoint(0, 0), 0);
        var target = new AffectPoint(-0.5f, 0.5f);
        motion.Retarget(target, 2);
        float before = Distance(motion.Sample(2), target);
        float afterOneFrame = Distance(motion.Sample(2 + Frame), target);
        Assert.True(afterOneFrame < before, $"one frame after the reading the point is {afterOneFrame} from it, was {before}");
    }

    [Fact]
    public void NeverJumpsWhenReadingsArriveMidTransition()
    {
        // Readings at 2 Hz with arrival jitter, wildly far apart, sampled at 60 fps: the point must move
        // continuously, including across the instants where a reading arrives mid-flight.
        var random = new Random(7);
        var motion = new PointInterpolator(0.5);
        motion.Retarget(new AffectPoint(0, 0), 0);
        double nextArrival = 0.5;
        AffectPoint previous = motion.Sample(0);
        float largestStep = 0;
        for (double t = Frame; t < 60; t += Frame)
        {
            if (t >= nextArrival)
            {
                motion.Retarget(new AffectPoint((random.NextSingle() * 2) - 1, (random.NextSingle() * 2) - 1), nextArrival);
                nextArrival += 0.5 + ((random.NextDouble() - 0.5) * 0.3);
            }
            AffectPoint now = motion.Sample(t);
            largestStep = MathF.Max(largestStep, Distance(now, previous));
            previous = now;
        }
        // Corner to corner (2.83) in 0.5 s peaks near 1.5 x 2.83 / 0.5 = 8.5 per second: 0.14 a frame.
        Assert.True(largestStep < 0.2f, $"largest step between frames {largestStep}");
    }

    [Fact]
    public void PositionIsContinuousAtTheInstantAReadingArrives()
    {
        var motion = new PointInterpolator(0.5);
        motion.Retarget(new AffectPoint(-0.9f, -0.9f), 0);
        motion.Retarget(new AffectPoint(0.9f, 0.9f), 1);
        AffectPoint justBefore = motion.Sample(1.2 - 1e-6);
        motion.Retarget(new AffectPoint(-0.9f, 0.9f), 1.2);
        AffectPoint justAfter = motion.Sample(1.2 + 1e-6);
        Assert.True(Distance(justBefore, justAfter) < 1e-3f, $"{justBefore} then {justAfter}");
    }

    [Fact]
    public void KeepsThePointInsideTheSquareTheModelsEmit()
    {
        var motion = new PointInterpolator(0.5);
        motion.Retarget(new AffectPoint(-1, -1), 0);
        motion.Retarget(new AffectPoint(1, 1), 0.5);
        motion.Retarget(new AffectPoint(3, -7), 0.75);
        for (double t = 0.75; t < 2; t += Frame)
        {
            AffectPoint p = motion.Sample(t);
            Assert.InRange(p.Arousal, -1f, 1f);
            Assert.InRange(p.Valence, -1f, 1f);
        }
        Assert.Equal(new AffectPoint(1, -1), motion.Sample(2));
    }

    [Fact]
    public void IgnoresReadingsThatAreNotNumbers()
    {
        var motion = new PointInterpolator(0.5);
        motion.Retarget(new AffectPoint(0.3f, 0.3f), 0);
        motion.Retarget(new AffectPoint(float.NaN, 0.5f), 1);
        motion.Retarget(new AffectPoint(0.1f, float.PositiveInfinity), 1.5);
        Assert.Equal(new AffectPoint(0.3f, 0.3f), motion.Sample(3));
    }

    [Fact]
    public void RejectsANonPositiveTransition() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointInterpolator(0));

    private static float Distance(AffectPoint a, AffectPoint b) =>
        MathF.Sqrt(((a.Arousal - b.Arousal) * (a.Arousal - b.Arousal)) + ((a.Valence - b.Valence) * (a.Valence - b.Valence)));
}
