using System.Globalization;

namespace MusicEmotion.Outputs.Osc;

/// <summary>
/// An OSC time tag: the 64-bit NTP timestamp, seconds since 1900-01-01 UTC in the high 32 bits and the
/// fraction of a second in units of 2^-32 s in the low 32 bits. The seconds wrap in February 2036 (NTP era
/// 1); <see cref="ToDateTimeOffset"/> reads a tag with the top bit clear as era 1, as SNTP (RFC 4330) does,
/// so tags from 1968 to 2104 convert both ways.
/// </summary>
public readonly record struct OscTimeTag(ulong Value)
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    private static readonly DateTimeOffset Era0 = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Era1 = Era0.AddSeconds(1L << 32);

    /// <summary>The special tag 1: "process on arrival".</summary>
    public static OscTimeTag Immediately { get; } = new(1);

    public uint Seconds => (uint)(Value >> 32);

    public uint Fraction => (uint)Value;

    public static OscTimeTag FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = (time - Era0).Ticks;
        ulong seconds = unchecked((ulong)(ticks / TicksPerSecond));
        // Ticks are 100 ns, so the fraction is exact to within one tick (2^32 / 10^7 units).
        ulong fraction = ((ulong)(ticks % TicksPerSecond) << 32) / TicksPerSecond;
        return new OscTimeTag((seconds << 32) | fraction);
    }

    public DateTimeOffset ToDateTimeOffset()
    {
        DateTimeOffset epoch = (Seconds & 0x8000_0000u) != 0 ? Era0 : Era1;
        long fractionTicks = (long)(((ulong)Fraction * TicksPerSecond + (1UL << 31)) >> 32);
        return epoch.AddTicks((Seconds * TicksPerSecond) + fractionTicks);
    }

    /// <summary>Seconds and fraction in hexadecimal, "83aa7e80.80000000", as liblo's oscdump prints them.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Seconds:x8}.{Fraction:x8}");
}
