using System.Globalization;

namespace MusicEmotion.Cli.Terminal;

/// <summary>
/// A moment of a track or a stream as people read it: m:ss.f, and h:mm:ss.f from an hour on (a DJ set or a long
/// installation run passes the hour; minutes alone would start again at 0:00).
/// </summary>
internal static class ClockText
{
    public static string Of(double seconds) => Of(TimeSpan.FromSeconds(seconds));

    public static string Of(TimeSpan time) =>
        time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss\.f" : @"m\:ss\.f", CultureInfo.InvariantCulture);
}
