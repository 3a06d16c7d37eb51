using System.Globalization;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline;
using Spectre.Console;

namespace MusicEmotion.Cli.Terminal;

/// <summary>
/// The default output of analyze: one table per file, a row per frame (time, arousal, valence, quadrant, label,
/// where the forecast points, flags), then a one-line summary. Readings are kept until the file ends because a
/// table is drawn whole.
/// </summary>
internal sealed class ReadingTableSink(IAnsiConsole console) : IReadingSink
{
    private readonly List<EmotionReading> _readings = [];
    private SessionInfo? _session;

    public string Name => "table";

    public void Start(SessionInfo session)
    {
        _session = session;
        _readings.Clear();
    }

    public void Write(in EmotionReading reading) => _readings.Add(reading);

    public void Complete(SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var session = _session!;
        IReadOnlyList<double> horizons = session.Forecaster.HorizonSeconds;
        string forecastHeader = horizons.Count == 0 ? "next" : $"next +{horizons[^1].ToString("0.0", CultureInfo.InvariantCulture)}s";
        bool anyFlags = _readings.Any(r => r.Flags != FrameFlags.None);
        // Compact enough for an 80-column terminal or a pipe: a simple border and one line per frame.
        var table = new Table()
            .Border(TableBorder.Simple)
            .Title($"[bold]{Markup.Escape(session.Source)}[/]")
            .AddColumn(new TableColumn("time").RightAligned())
            .AddColumn(new TableColumn("arousal").RightAligned())
            .AddColumn(new TableColumn("valence").RightAligned())
            .AddColumn(new TableColumn("quadrant").NoWrap())
            .AddColumn(new TableColumn("label").NoWrap())
            .AddColumn(new TableColumn(forecastHeader).RightAligned().NoWrap());
        if (anyFlags)
        {
            table.AddColumn("flags");
        }
        foreach (EmotionReading r in _readings)
        {
            ReadOnlySpan<AffectPoint> forecast = r.ForecastSpan;
            var cells = new List<string>
            {
                ClockText.Of(r.StartTime),
                Number(r.Point.Arousal),
                Number(r.Point.Valence),
                r.HasPoint ? QuadrantMarkup(r.Quadrant) : "-",
                Markup.Escape(r.Label),
                forecast.IsEmpty ? "-" : $"{Number(forecast[^1].Arousal)} {Number(forecast[^1].Valence)}",
            };
            if (anyFlags)
            {
                cells.Add(Markup.Escape(string.Join(' ', FrameFlagNames.ToNames(r.Flags))));
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine(Markup.Escape(Describe(session, summary)));
    }

    private string Describe(SessionInfo session, SessionSummary summary)
    {
        var valid = _readings.Where(r => r.HasPoint).ToList();
        string mood = valid.Count == 0
            ? "no reading"
            : Mood(valid);
        string tail = summary.TailSamples > 0
            ? $"; last {summary.TailSamples / (double)FrameLayout.SampleRate:0.00} s (shorter than a frame) not analysed"
            : "";
        return $"{_readings.Count} frames, {mood}; engine {session.Engine.Engine} ({session.Engine.Provider}), "
            + $"model {session.Engine.ModelName}, forecast {session.Forecaster.Source}{tail}";
    }

    private static string Mood(List<EmotionReading> valid)
    {
        double arousal = valid.Average(r => r.Point.Arousal);
        double valence = valid.Average(r => r.Point.Valence);
        var mean = new AffectPoint((float)arousal, (float)valence);
        Quadrant dominant = valid.GroupBy(r => r.Quadrant).MaxBy(g => g.Count())!.Key;
        return $"mean arousal {arousal:+0.000;-0.000}, valence {valence:+0.000;-0.000} ({Circumplex.Label(mean)}), mostly {dominant.Name()}";
    }

    private static string Number(float value) =>
        float.IsFinite(value) ? value.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "-";

    /// <summary>Quadrant colours from the Okabe-Ito palette, which stays distinguishable with colour blindness.</summary>
    private static string QuadrantMarkup(Quadrant quadrant) => quadrant switch
    {
        Quadrant.ActivePositive => "[#E69F00]active-positive[/]",
        Quadrant.ActiveNegative => "[#D55E00]active-negative[/]",
        Quadrant.PassivePositive => "[#009E73]passive-positive[/]",
        _ => "[#0072B2]passive-negative[/]",
    };
}
