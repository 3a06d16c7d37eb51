using System.Globalization;
using MusicEmotion.Inference;

namespace MusicEmotion.Library.Search;

/// <summary>
/// A drawn course of emotion: at least two (arousal, valence) points in [-1, 1], evenly spaced in time. Given on the
/// command line as <c>"a,v; a,v; ..."</c> or as a CSV file of <c>arousal,valence</c> lines (an optional header, blank
/// lines and # comments allowed).
/// </summary>
public sealed record EmotionProfile(IReadOnlyList<AffectPoint> Points)
{
    /// <summary>
    /// The profile in <paramref name="argument"/>: a file when one exists at that path or it ends in .csv, else the
    /// inline form. Inline mistakes are usage errors (<see cref="ArgumentException"/>), a bad file an input error
    /// (<see cref="InvalidDataException"/>); both name the point and say what was expected.
    /// </summary>
    public static EmotionProfile Parse(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (File.Exists(argument) || argument.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return FromFile(argument);
        }
        string[] entries = argument.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var points = new List<AffectPoint>();
        for (int i = 0; i < entries.Length; i++)
        {
            points.Add(ParsePoint(entries[i]) ?? throw new ArgumentException(
                $"--profile: point {i + 1} '{Printable(entries[i])}' is not valid; expected arousal,valence with both in [-1, 1]"));
        }
        return points.Count >= 2
            ? new EmotionProfile(points)
            : throw new ArgumentException($"--profile: {points.Count} point(s) given; expected at least two 'arousal,valence' points separated by ';'");
    }

    private static EmotionProfile FromFile(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var points = new List<AffectPoint>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            bool header = i == 0 && line.Length > 0 && char.IsLetter(line[0]);
            if (line.Length == 0 || line.StartsWith('#') || header)
            {
                continue;
            }
            points.Add(ParsePoint(line) ?? throw new InvalidDataException(
                $"{path}: line {i + 1} '{Printable(line)}' is not valid; expected arousal,valence with both in [-1, 1]"));
        }
        return points.Count >= 2
            ? new EmotionProfile(points)
            : throw new InvalidDataException($"{path}: {points.Count} point(s); expected at least two 'arousal,valence' lines");
    }

    /// <summary>"a,v" as a point, or null when it is not two numbers in [-1, 1].</summary>
    public static AffectPoint? ParsePoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && Coordinate(parts[0]) is { } arousal && Coordinate(parts[1]) is { } valence
            ? new AffectPoint(arousal, valence)
            : null;
    }

    private static float? Coordinate(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value is >= -1f and <= 1f ? value : null;

    /// <summary>Text as a one-line message can quote it: control characters as '?', at most 60 characters.</summary>
    private static string Printable(string text)
    {
        string line = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return line.Length > 60 ? line[..60] + "..." : line;
    }
}
