using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Tests.Visualiser;

public sealed class TermLabelLayoutTests
{
    [Theory]
    [InlineData(1920, 1080, 15f)]
    [InlineData(960, 540, 10f)]
    [InlineData(3840, 2160, 30f)]
    public void EveryTermGetsItsOwnBoxOutsideTheCircle(int width, int height, float charWidth)
    {
        var layout = ViewLayout.For(width, height, true);
        TermLabel[] labels = TermLabelLayout.Compute(layout, Circumplex.Terms, name => name.Length * charWidth * 0.6f, charWidth * 1.2f);
        Assert.Equal(Circumplex.Terms.Count, labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            for (int j = i + 1; j < labels.Length; j++)
            {
                Assert.False(labels[i].Box.Intersects(labels[j].Box), $"{labels[i].Name} {labels[i].Box} overlaps {labels[j].Name} {labels[j].Box}");
            }
            PixelRect box = labels[i].Box;
            float nearestX = Math.Clamp(layout.CentreX, box.X, box.Right), nearestY = Math.Clamp(layout.CentreY, box.Y, box.Bottom);
            float distance = MathF.Sqrt(MathF.Pow(nearestX - layout.CentreX, 2) + MathF.Pow(nearestY - layout.CentreY, 2));
            Assert.True(distance > layout.Radius, $"{labels[i].Name} {box} reaches inside the circle");
            Assert.True(layout.CircumplexBounds.Contains(box.X, box.Y) && layout.CircumplexBounds.Contains(box.Right - 1, box.Bottom - 1),
                $"{labels[i].Name} {box} is outside the circumplex margin {layout.CircumplexBounds}");
        }
    }

    [Fact]
    public void DotsSitAtRussellsAnglesAndLabelsStayNearThem()
    {
        var layout = ViewLayout.For(1920, 1080, true);
        TermLabel[] labels = TermLabelLayout.Compute(layout, Circumplex.Terms, name => name.Length * 9f, 18);
        foreach (TermLabel label in labels)
        {
            AffectTerm term = Circumplex.Terms.Single(t => t.Name == label.Name);
            (float x, float y) = layout.OnCircle(term.AngleDegrees, 1);
            Assert.Equal(x, label.DotX, 2f);
            Assert.Equal(y, label.DotY, 2f);
            Assert.InRange(MathF.Abs(label.LabelAngleDegrees - term.AngleDegrees), 0f, 30f);
        }
        // An isolated term keeps its angle; a crowded one is moved and gets a leader line.
        Assert.False(labels.Single(l => l.Name == "happy").NeedsLeader);
        Assert.Contains(labels, l => l.Name is "tense" or "alarmed" or "angry" && l.NeedsLeader);
    }
}
