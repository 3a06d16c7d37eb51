using MusicEmotion.Inference;
using MusicEmotion.Library.Search;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Library;

/// <summary>Drawn profiles from the command line and from CSV files, and the one-line errors for bad ones.</summary>
public sealed class EmotionProfileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnInlineProfileIsArousalValencePairsSeparatedBySemicolons() =>
        Assert.Equal([new AffectPoint(-0.5f, 0.25f), new AffectPoint(1, -1), new AffectPoint(0, 0)], EmotionProfile.Parse(" -0.5, 0.25 ; 1,-1;0,0 ").Points);

    [Fact]
    public void ACsvProfileMayHaveAHeaderCommentsAndBlankLines()
    {
        string file = _folder.Write("profile.csv", "arousal,valence\n# a slow rise\n-0.5,-0.5\n\n0.5,0.5\n"u8.ToArray());

        Assert.Equal([new AffectPoint(-0.5f, -0.5f), new AffectPoint(0.5f, 0.5f)], EmotionProfile.Parse(file).Points);
    }

    [Theory]
    [InlineData("0.5,0.5", "--profile: 1 point(s) given; expected at least two 'arousal,valence' points separated by ';'")]
    [InlineData("0.5,0.5; 1.5,0", "--profile: point 2 '1.5,0' is not valid; expected arousal,valence with both in [-1, 1]")]
    [InlineData("0.5,0.5; x", "--profile: point 2 'x' is not valid; expected arousal,valence with both in [-1, 1]")]
    [InlineData("0.5,0.5; NaN,0", "--profile: point 2 'NaN,0' is not valid; expected arousal,valence with both in [-1, 1]")]
    public void ABadInlineProfileIsAUsageErrorNamingThePoint(string profile, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => EmotionProfile.Parse(profile)).Message);

    [Fact]
    public void ABadCsvProfileIsAnInputErrorNamingTheFileAndLine()
    {
        string outside = _folder.Write("outside.csv", "0,0\n0.2,-1.01\n"u8.ToArray());
        string single = _folder.Write("single.csv", "arousal,valence\n0.3,0.3\n"u8.ToArray());

        Assert.Equal(
            $"{outside}: line 2 '0.2,-1.01' is not valid; expected arousal,valence with both in [-1, 1]",
            Assert.Throws<InvalidDataException>(() => EmotionProfile.Parse(outside)).Message);
        Assert.Equal(
            $"{single}: 1 point(s); expected at least two 'arousal,valence' lines",
            Assert.Throws<InvalidDataException>(() => EmotionProfile.Parse(single)).Message);
        Assert.Throws<FileNotFoundException>(() => EmotionProfile.Parse(_folder.File("missing.csv")));
    }
}
