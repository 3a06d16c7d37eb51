using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Tests.Visualiser;

public sealed class ViewLayoutTests
{
    [Theory]
    [InlineData(1920, 1080, true)]
    [InlineData(3840, 2160, true)]
    [InlineData(1280, 720, false)]
    [InlineData(800, 1200, true)]
    public void CircleTermsAndStripFitInTheWindowWithoutOverlapping(int width, int height, bool strip)
    {
        var layout = ViewLayout.For(width, height, strip);
        PixelRect bounds = layout.CircumplexBounds;
        Assert.True(bounds.X >= 0 && bounds.Y >= 0 && bounds.Right <= width && bounds.Bottom <= height, $"{bounds} outside {width}x{height}");
        Assert.Equal(strip, layout.Strip is not null);
        if (layout.Strip is PixelRect panel)
        {
            Assert.False(panel.Intersects(bounds), $"strip {panel} overlaps the circumplex {bounds}");
            Assert.True(panel.Right <= width && panel.Bottom <= height);
        }
    }

    [Fact]
    public void ScalesTextWithTheWindowFrom1080pTo4K()
    {
        var hd = ViewLayout.For(1920, 1080, true);
        var uhd = ViewLayout.For(3840, 2160, true);
        Assert.Equal(1, hd.Scale);
        Assert.Equal(2, uhd.Scale);
        Assert.Equal(2 * hd.FontPixels(TextStyle.Small), uhd.FontPixels(TextStyle.Small));
        Assert.True(hd.FontPixels(TextStyle.Small) >= 14, "terms must be legible at 1080p");
        Assert.Equal(2 * hd.Radius, uhd.Radius, 2f);
    }

    [Fact]
    public void MapsValenceRightAndArousalUpAndBack()
    {
        var layout = ViewLayout.For(1600, 900, true);
        (float x, float y) = layout.ToPixel(new AffectPoint(0.5f, -0.25f));
        Assert.Equal(layout.CentreX - (0.25f * layout.Radius), x, 3f);
        Assert.Equal(layout.CentreY - (0.5f * layout.Radius), y, 3f);
        AffectPoint back = layout.FromPixel(x, y);
        Assert.Equal(0.5f, back.Arousal, 5f);
        Assert.Equal(-0.25f, back.Valence, 5f);
        (float tx, float ty) = layout.OnCircle(90, 1);
        Assert.Equal(layout.CentreX, tx, 3f);
        Assert.Equal(layout.CentreY - layout.Radius, ty, 3f);
    }

    [Fact]
    public void HidingTheStripGivesTheCircleMoreRoom()
    {
        var with = ViewLayout.For(1600, 700, true);
        var without = ViewLayout.For(1600, 700, false);
        Assert.True(without.CentreX > with.CentreX);
        Assert.True(without.Radius >= with.Radius);
    }
}
