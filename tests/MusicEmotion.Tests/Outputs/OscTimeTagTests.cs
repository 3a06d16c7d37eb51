using MusicEmotion.Outputs.Osc;

namespace MusicEmotion.Tests.Outputs;

public sealed class OscTimeTagTests
{
    [Fact]
    public void TheUnixEpochIsNtpSecond2208988800()
    {
        OscTimeTag tag = OscTimeTag.FromDateTimeOffset(DateTimeOffset.UnixEpoch);
        Assert.Equal(2_208_988_800u, tag.Seconds);
        Assert.Equal(0u, tag.Fraction);
        Assert.Equal("83aa7e80.00000000", tag.ToString());
    }

    [Fact]
    public void TheFractionCountsUnitsOfTwoToTheMinus32Seconds()
    {
        OscTimeTag half = OscTimeTag.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddMilliseconds(500));
        OscTimeTag quarter = OscTimeTag.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddMilliseconds(250));
        Assert.Equal(0x8000_0000u, half.Fraction);
        Assert.Equal(0x4000_0000u, quarter.Fraction);
        Assert.Equal(((ulong)2_208_988_800u << 32) | 0x8000_0000u, half.Value);
    }

    [Fact]
    public void ImmediatelyIsTheSpecialTagOne() => Assert.Equal(1UL, OscTimeTag.Immediately.Value);

    [Theory]
    [InlineData("1970-01-01T00:00:00.0000000Z")]
    [InlineData("2025-11-22T10:15:30.1234567Z")]
    [InlineData("2036-02-07T06:28:15.9999999Z")]
    [InlineData("2036-02-07T06:28:16.0000000Z")]
    [InlineData("2070-06-01T12:00:00.5000000Z")]
    public void ConvertsBothWaysAcrossTheNtpEraWrap(string iso)
    {
        var time = DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(time, OscTimeTag.FromDateTimeOffset(time).ToDateTimeOffset());
    }

    [Fact]
    public void Era1StartsAtSecondZero() =>
        Assert.Equal(0u, OscTimeTag.FromDateTimeOffset(new DateTimeOffset(2036, 2, 7, 6, 28, 16, TimeSpan.Zero)).Seconds);
}
