using MusicEmotion.Tests.Support;
using MusicEmotion.Visualiser.Text;

namespace MusicEmotion.Tests.Visualiser;

public sealed class TextBuilderTests
{
    [Fact]
    public void WritesSignedValuesTimesAndCountsWithoutAllocating()
    {
        Span<char> buffer = stackalloc char[64];
        var text = new TextBuilder(buffer);
        text.AppendSigned(0.5f).Append(' ').AppendSigned(-0.314f).Append(' ').AppendTime(83.46).Append(' ').Append(42L);
        Assert.Equal("+0.50 −0.31 1:23.4 42", text.Text.ToString());

        char[] scratch = new char[64];
        (long allocated, _) = Allocations.During(1000, i =>
        {
            var again = new TextBuilder(scratch);
            again.Append("arousal ").AppendSigned(i / 1000f).Append(" · ").AppendTime(i * 0.5).Append(i * 1.5, "0.0").Append((long)i);
            return again.Text.Length;
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WritesHoursAndCutsOffWhatDoesNotFit()
    {
        Span<char> buffer = stackalloc char[8];
        var text = new TextBuilder(buffer);
        text.AppendTime(3725);
        Assert.Equal("1:02:05", text.Text.ToString());
        text.Append("overflowing");
        Assert.Equal(8, text.Text.Length);
    }
}
