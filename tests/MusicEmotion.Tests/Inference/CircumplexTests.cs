using MusicEmotion.Inference;

namespace MusicEmotion.Tests.Inference;

public sealed class CircumplexTests
{
    [Theory]
    [InlineData(0.5f, 0.5f, Quadrant.ActivePositive)]
    [InlineData(0.5f, -0.5f, Quadrant.ActiveNegative)]
    [InlineData(-0.5f, 0.5f, Quadrant.PassivePositive)]
    [InlineData(-0.5f, -0.5f, Quadrant.PassiveNegative)]
    [InlineData(0f, 0f, Quadrant.ActivePositive)]
    public void QuadrantFollowsTheSigns(float arousal, float valence, Quadrant expected) =>
        Assert.Equal(expected, Circumplex.QuadrantOf(new AffectPoint(arousal, valence)));

    [Theory]
    [InlineData(0.7f, 0.7f, "excited")]
    [InlineData(0.05f, 0.8f, "happy")]
    [InlineData(0.9f, -0.05f, "tense")]
    [InlineData(-0.4f, -0.8f, "sad")]
    [InlineData(-0.9f, 0f, "tired")]
    [InlineData(-0.6f, 0.6f, "calm")]
    [InlineData(0.02f, 0.03f, "neutral")]
    public void LabelIsTheNearestTermInAngle(float arousal, float valence, string expected) =>
        Assert.Equal(expected, Circumplex.Label(new AffectPoint(arousal, valence)));

    [Fact]
    public void EveryTermsUnitPointReadsBackAsItself()
    {
        foreach (AffectTerm term in Circumplex.Terms)
        {
            Assert.Equal(term.Name, Circumplex.Label(term.UnitPoint));
            Assert.Equal(1f, Circumplex.Intensity(term.UnitPoint), 5);
        }
    }

    [Fact]
    public void NonFinitePointsAreUnknownNotAWord() =>
        Assert.Equal("unknown", Circumplex.Label(new AffectPoint(float.NaN, 0.5f)));

    [Fact]
    public void QuadrantNamesAreTheSeedsNames() =>
        Assert.Equal(
            ["active-positive", "active-negative", "passive-positive", "passive-negative"],
            Enum.GetValues<Quadrant>().Select(q => q.Name()));
}
