using System.Globalization;

namespace MusicEmotion.Outputs.Formats;

/// <summary>How readings' numbers and times look in text meant for people (console lines and tables).</summary>
public static class ReadingText
{
    /// <summary>Stream time as m:ss.f, or h:mm:ss.f from an hour on.</summary>
    public static string Clock(double seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss\.f" : @"m\:ss\.f", CultureInfo.InvariantCulture);

    /// <summary>A coordinate with its sign and three decimals (+0.412), or "-" for no value.</summary>
    public static string Signed(float value) =>
        float.IsFinite(value) ? value.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "-";
}
