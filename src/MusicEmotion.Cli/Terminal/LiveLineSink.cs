using System.Globalization;
using System.Text;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Cli.Terminal;

/// <summary>
/// The default output of live: a header naming the columns, then one line per reading (stream time, arousal,
/// valence, quadrant, label, where the forecast points, input level, flags), 78 columns before any flags. On a
/// terminal the line is rewritten in place, cut to the window's width so it never wraps, with the quadrant coloured;
/// piped, it is one plain line per reading. With live suggestions, the line ends with the top one ("next: FILE (cost)").
/// </summary>
internal sealed class LiveLineSink(TextWriter output, bool rewrite, LiveSuggestions? suggestions = null) : IReadingSink
{
    private readonly StringBuilder _line = new(160);
    private bool _wroteLine;

    public string Name => "console";

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        IReadOnlyList<double> horizons = session.Forecaster.HorizonSeconds;
        string forecast = horizons.Count == 0 ? "next" : string.Create(CultureInfo.InvariantCulture, $"next {horizons[^1]:+0.0}s");
        output.Write($"   time arousal valence  {"quadrant",-16}  {"label",-10}  {forecast,-13}  {"level",9}\n");
        output.Flush();
    }

    public void Write(in EmotionReading reading)
    {
        _line.Clear();
        Compose(reading);
        if (rewrite)
        {
            int width = Math.Max(20, WindowWidth() - 1);
            int visible = Math.Min(_line.Length, width);
            output.Write('\r');
            WriteColoured(reading, visible);
            output.Write("\u001b[K");
        }
        else
        {
            output.Write(_line);
            output.Write('\n');
        }
        output.Flush();
        _wroteLine = true;
    }

    public void Complete(SessionSummary summary)
    {
        if (rewrite && _wroteLine)
        {
            output.Write('\n');
        }
        output.Flush();
    }

    private void Compose(in EmotionReading reading)
    {
        _line.Append(ClockText.Of(reading.StartTime).PadLeft(7));
        _line.Append("  ").Append(Number(reading.Point.Arousal));
        _line.Append("  ").Append(Number(reading.Point.Valence));
        _line.Append("  ").Append((reading.HasPoint ? reading.Quadrant.Name() : "-").PadRight(16));
        _line.Append("  ").Append(reading.Label.PadRight(10));
        ReadOnlySpan<AffectPoint> forecast = reading.ForecastSpan;
        _line.Append("  ");
        _line.Append(forecast.IsEmpty ? "      -       " : $"{Number(forecast[^1].Arousal)} {Number(forecast[^1].Valence)}");
        _line.Append("  ").Append(Level(reading.Peak));
        if (reading.Flags != FrameFlags.None)
        {
            _line.Append("  [").AppendJoin(' ', FrameFlagNames.ToNames(reading.Flags)).Append(']');
        }
        if (suggestions?.Top is { } top)
        {
            _line.Append("  next: ").Append(Path.GetFileName(top.Path)).Append(" (")
                .Append(top.Score.ToString("0.000", CultureInfo.InvariantCulture)).Append(')');
        }
    }

    /// <summary>Writes the first <paramref name="visible"/> characters, with the quadrant in its colour.</summary>
    private void WriteColoured(in EmotionReading reading, int visible)
    {
        string line = _line.ToString(0, visible);
        string quadrant = reading.HasPoint ? reading.Quadrant.Name() : "";
        int at = quadrant.Length == 0 ? -1 : line.IndexOf(quadrant, StringComparison.Ordinal);
        if (at < 0)
        {
            output.Write(line);
            return;
        }
        output.Write(line.AsSpan(0, at));
        output.Write(Colour(reading.Quadrant));
        output.Write(quadrant);
        output.Write("\u001b[0m");
        output.Write(line.AsSpan(at + quadrant.Length));
    }

    /// <summary>The Okabe-Ito colours analyze's table uses for the quadrants (distinguishable with colour blindness).</summary>
    private static string Colour(Quadrant quadrant) => quadrant switch
    {
        Quadrant.ActivePositive => "\u001b[38;2;230;159;0m",
        Quadrant.ActiveNegative => "\u001b[38;2;213;94;0m",
        Quadrant.PassivePositive => "\u001b[38;2;0;158;115m",
        _ => "\u001b[38;2;0;114;178m",
    };

    private static string Number(float value) =>
        float.IsFinite(value) ? value.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "   -  ";

    /// <summary>Peak level in dB below full scale, so a user sees at once whether any sound arrives.</summary>
    private static string Level(float peak) =>
        peak <= 1e-6f ? "  -inf dB" : (20 * MathF.Log10(peak)).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(6) + " dB";

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
