using MusicEmotion.Tests.Visualiser.Support;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>Golden images are rewritten only on request, and never in CI, where they are what the screenshots are held to.</summary>
public sealed class GoldenPolicyTests
{
    [Fact]
    public void AnUpdateIsRefusedInCiAndTakenOnlyWhenAskedElsewhere()
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Screenshots.UpdateRequested("1", inCi: true));
        Assert.True(Screenshots.UpdateRequested("1", inCi: false));
        Assert.False(Screenshots.UpdateRequested(null, inCi: true));
        Assert.False(Screenshots.UpdateRequested("0", inCi: false));
    }
}
