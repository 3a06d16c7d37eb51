using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Visualiser.Drawing;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Text;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Draws the side strip: the current label and quadrant in words, the forecast in words, arousal and
/// valence over the last minute (the whole track in a summary), the next-track suggestions when a library is
/// given, a drawn profile's note or matches, the input level, and the status and key help lines. Allocation-free per frame, like the rest of the renderer.
/// </summary>
public sealed class StripPainter
{
    /// <summary>Seconds of forecast room to the right of "now" in the live plots.</summary>
    private const double FutureSeconds = 6;

    /// <summary>Tracks listed at most (suggestions, profile matches), so the plots keep their room whatever --suggest asks for.</summary>
    public const int MaxSuggestionLines = 5;

    private readonly double _stripSeconds;
    private PathPoint[] _series = new PathPoint[512];

    public StripPainter(double stripSeconds) => _stripSeconds = stripSeconds;

    /// <summary>The strip's panel, drawn into the renderer's cached layer.</summary>
    public static void PaintStatic(Canvas canvas, in ViewLayout layout, ViewPalette palette)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(palette);
        if (layout.Strip is PixelRect strip)
        {
            canvas.Rect(strip.X, strip.Y, strip.Width, strip.Height, palette.Panel);
            canvas.Rect(strip.X, strip.Y, 1, strip.Height, palette.PanelEdge);
        }
    }

    /// <summary>The strip's content, drawn every frame over its panel.</summary>
    public void Paint(Canvas canvas, in ViewLayout layout, in SceneInput scene, ViewPalette palette)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(palette);
        if (layout.Strip is not PixelRect strip)
        {
            return;
        }
        ViewMetrics m = layout.Metrics;
        float pad = m.StripPadding;
        float left = strip.X + pad, right = strip.Right - pad;
        float y = strip.Y + pad;
        y = scene.Mode == SceneMode.Summary
            ? PaintSummaryHeader(canvas, scene, palette, left, right, y, m)
            : PaintLiveHeader(canvas, scene, palette, left, right, y, m);
        if (scene.Mode == SceneMode.Live && scene.Suggestions.Count > 0)
        {
            y = PaintTrackList(canvas, "SUGGESTED NEXT", scene.Suggestions, palette, left, right, y, m);
        }
        if (scene.Profile.Status is ProfileStatus drawn)
        {
            y = drawn.Note is null
                ? PaintTrackList(canvas, "PROFILE MATCHES", drawn.Matches, palette, left, right, y, m)
                : PaintNote(canvas, "PROFILE", drawn.Note, palette, left, right, y, m);
        }

        float footer = FooterHeight(canvas, scene, m);
        float levelHeight = scene.Mode == SceneMode.Live ? m.LevelBlockHeight : 0;
        float plotsTop = y + m.PlotsTopGap;
        float plotsBottom = strip.Bottom - pad - footer - levelHeight;
        float each = ((plotsBottom - plotsTop) * 0.5f) - m.HalfPlotSpacing;
        if (each > m.MinPlotHeight)
        {
            PaintPlot(canvas, scene, palette, "AROUSAL", false, left, plotsTop, right - left, each, m);
            PaintPlot(canvas, scene, palette, "VALENCE", true, left, plotsTop + each + m.PlotSpacing, right - left, each, m);
        }
        if (scene.Mode == SceneMode.Live)
        {
            PaintLevel(canvas, scene, palette, left, plotsBottom + m.LevelGap, right - left, m);
        }
        PaintFooter(canvas, scene, palette, left, right, strip.Bottom - pad, m);
    }

    private static float PaintLiveHeader(Canvas canvas, in SceneInput scene, ViewPalette palette, float left, float right, float y, in ViewMetrics m)
    {
        y = Caption(canvas, "NOW", left, y, palette, m);
        if (!scene.HasReading)
        {
            y += Ascent(canvas, TextStyle.Display);
            canvas.Text("—", left, y, TextStyle.Display, palette.TextDim);
            return y + m.NoReadingGap;
        }
        ref readonly ViewReading latest = ref scene.Latest;
        Rgba colour = palette.PointColour(latest.Point, scene.Settings.ColourMode);
        y += Ascent(canvas, TextStyle.Display);
        canvas.Text(latest.Label, left, y, TextStyle.Display, colour);
        y += LineGap(canvas, TextStyle.Body, m);
        canvas.Text(ViewWords.Of(latest.Quadrant), left, y, TextStyle.Body, palette.TextSecondary);
        Span<char> buffer = stackalloc char[64];
        var time = new TextBuilder(buffer);
        time.AppendTime(scene.StreamNow);
        canvas.Text(time.Text, right, y, TextStyle.Body, palette.TextDim, TextAlign.Right);
        y += LineGap(canvas, TextStyle.Small, m);
        var values = new TextBuilder(buffer);
        values.Append("arousal ").AppendSigned(latest.Point.Arousal).Append("    valence ").AppendSigned(latest.Point.Valence);
        canvas.Text(values.Text, left, y, TextStyle.Small, palette.TextSecondary);

        y += m.SectionGap;
        y = Caption(canvas, "NEXT", left, y, palette, m);
        y += Ascent(canvas, TextStyle.Heading);
        ReadOnlySpan<ForecastPoint> forecast = latest.Forecast;
        if (forecast.IsEmpty || !scene.Settings.Shows(ViewOverlays.Forecast))
        {
            canvas.Text(forecast.IsEmpty ? "no forecast" : "forecast hidden (F)", left, y, TextStyle.Heading, palette.TextDim);
        }
        else
        {
            ref readonly ForecastPoint last = ref forecast[^1];
            float width = canvas.Text("→ ", left, y, TextStyle.Heading, palette.Forecast);
            width += canvas.Text(Circumplex.Label(last.Point), left + width, y, TextStyle.Heading, palette.Forecast);
            var horizon = new TextBuilder(buffer);
            horizon.Append("  in ").Append(last.HorizonSeconds, "0.0").Append(" s");
            canvas.Text(horizon.Text, left + width, y, TextStyle.Heading, palette.TextSecondary);
        }
        return y + m.SectionEndGap;
    }

    /// <summary>
    /// Tracks ranked best first under a caption: the next-track suggestions or a drawn profile's matches, each as its
    /// file name (cut to fit) and score.
    /// </summary>
    private static float PaintTrackList(
        Canvas canvas, string caption, IReadOnlyList<Suggestion> tracks, ViewPalette palette, float left, float right, float y, in ViewMetrics m)
    {
        y += m.SectionGap;
        y = Caption(canvas, caption, left, y, palette, m);
        FontSize body = canvas.FontFor(TextStyle.Body);
        Span<char> buffer = stackalloc char[32];
        int lines = Math.Min(tracks.Count, MaxSuggestionLines);
        for (int i = 0; i < lines; i++)
        {
            Suggestion suggestion = tracks[i];
            y += i == 0 ? Ascent(canvas, TextStyle.Body) : LineGap(canvas, TextStyle.Body, m);
            var score = new TextBuilder(buffer);
            score.Append(suggestion.Score, "0.00");
            float scoreWidth = canvas.Text(score.Text, right, y, TextStyle.Body, palette.TextDim, TextAlign.Right);
            // The span overloads of Path cut the name without a new string: this runs every frame.
            ReadOnlySpan<char> name = Path.GetFileNameWithoutExtension(suggestion.Path.AsSpan());
            canvas.Text(FitWidth(body, name, right - left - scoreWidth - m.QuadrantColumnGap), left, y, TextStyle.Body,
                i == 0 ? palette.Text : palette.TextSecondary);
        }
        return y + m.SectionEndGap;
    }

    /// <summary>A one-line note under a caption (what a drawn profile is waiting for, or why it found nothing), cut to fit.</summary>
    private static float PaintNote(Canvas canvas, string caption, string note, ViewPalette palette, float left, float right, float y, in ViewMetrics m)
    {
        y += m.SectionGap;
        y = Caption(canvas, caption, left, y, palette, m);
        y += Ascent(canvas, TextStyle.Small);
        canvas.Text(FitWidth(canvas.FontFor(TextStyle.Small), note, right - left), left, y, TextStyle.Small, palette.Profile);
        return y + m.SectionEndGap;
    }

    private static float PaintSummaryHeader(Canvas canvas, in SceneInput scene, ViewPalette palette, float left, float right, float y, in ViewMetrics m)
    {
        y = Caption(canvas, "TRACK SUMMARY", left, y, palette, m);
        y += Ascent(canvas, TextStyle.Heading);
        ReadOnlySpan<char> title = scene.Title ?? "readings";
        FontSize heading = canvas.FontFor(TextStyle.Heading);
        while (title.Length > 1 && heading.Measure(title) > right - left)
        {
            title = title[..^1];
        }
        canvas.Text(title, left, y, TextStyle.Heading, palette.Text);
        y += LineGap(canvas, TextStyle.Small, m);
        Span<char> buffer = stackalloc char[64];
        var line = new TextBuilder(buffer);
        if (scene.HasReading)
        {
            line.AppendTime(scene.Latest.StreamSeconds).Append(" · ").Append(scene.Readings.Length).Append(" readings");
        }
        else
        {
            line.Append("no readings");
        }
        canvas.Text(line.Text, left, y, TextStyle.Small, palette.TextSecondary);
        if (!scene.HasReading)
        {
            return y + m.SectionEndGap;
        }

        y += m.SectionGap;
        y = Caption(canvas, "TIME IN EACH QUADRANT", left, y, palette, m);
        Span<int> counts = stackalloc int[4];
        foreach (ref readonly ViewReading r in scene.Readings)
        {
            counts[(int)r.Quadrant]++;
        }
        float barHeight = m.QuadrantBarHeight, x = left, total = scene.Readings.Length;
        Span<Quadrant> order = [Quadrant.ActivePositive, Quadrant.ActiveNegative, Quadrant.PassiveNegative, Quadrant.PassivePositive];
        foreach (Quadrant q in order)
        {
            float w = MathF.Round((right - left) * counts[(int)q] / total);
            canvas.Rect(x, y, w, barHeight, palette.QuadrantColour(q));
            x += w;
        }
        y += barHeight + m.QuadrantBarGap;
        // Two columns where the longest entry fits in half the strip, else one.
        float column = (right - left) * 0.5f;
        float widest = canvas.FontFor(TextStyle.Small).Measure("passive · negative  100%") + m.QuadrantColumnGap;
        int columns = widest <= column ? 2 : 1;
        for (int i = 0; i < order.Length; i++)
        {
            Quadrant q = order[i];
            float cx = left + (i % columns * column), cy = y + (i / columns * LineGap(canvas, TextStyle.Small, m)) + Ascent(canvas, TextStyle.Small);
            canvas.Disc(cx + m.LegendDotRadius, cy - m.LegendDotRadius, m.LegendDotRadius, palette.QuadrantColour(q));
            var item = new TextBuilder(buffer);
            item.Append(ViewWords.Of(q)).Append("  ").Append(100.0 * counts[(int)q] / total, "0").Append('%');
            canvas.Text(item.Text, cx + m.LegendTextIndent, cy, TextStyle.Small, palette.TextSecondary);
        }
        y += (order.Length / columns * LineGap(canvas, TextStyle.Small, m)) + m.LegendEndGap;
        y = Caption(canvas, "ENDS ON", left, y, palette, m);
        y += Ascent(canvas, TextStyle.Heading);
        ref readonly ViewReading latest = ref scene.Latest;
        float labelWidth = canvas.Text(latest.Label, left, y, TextStyle.Heading, palette.PointColour(latest.Point, scene.Settings.ColourMode));
        var words = new TextBuilder(buffer);
        words.Append("  ").Append(ViewWords.Of(latest.Quadrant));
        canvas.Text(words.Text, left + labelWidth, y, TextStyle.Body, palette.TextSecondary);
        return y + m.SectionEndGap;
    }

    /// <summary>One series over time: arousal or valence, with the forecast continuing it dashed past "now".</summary>
    private void PaintPlot(Canvas canvas, in SceneInput scene, ViewPalette palette, string name, bool valence, float x, float y, float width, float height, in ViewMetrics m)
    {
        float captionBottom = Caption(canvas, name, x, y, palette, m);
        Span<char> buffer = stackalloc char[32];
        var range = new TextBuilder(buffer);
        bool live = scene.Mode == SceneMode.Live;
        if (live)
        {
            range.Append("last ").Append(_stripSeconds, "0").Append(" s");
        }
        else
        {
            range.Append("whole track");
        }
        canvas.Text(range.Text, x + width, captionBottom - m.CaptionValueRise, TextStyle.Small, palette.TextDim, TextAlign.Right);
        float top = captionBottom + m.PlotTopGap;
        float plotHeight = height - (captionBottom - y) - m.TickLabelRoom;
        canvas.Rect(x, top, width, plotHeight, palette.PlotBackground);
        float mid = top + (plotHeight * 0.5f), half = plotHeight * 0.45f;
        canvas.Rect(x, MathF.Round(mid), width, 1, palette.Axis);
        canvas.Rect(x, MathF.Round(mid - (half * 0.5f)), width, 1, palette.Grid);
        canvas.Rect(x, MathF.Round(mid + (half * 0.5f)), width, 1, palette.Grid);
        canvas.Text("+1", x + m.AxisLabelInset, top + Ascent(canvas, TextStyle.Small) + m.AxisLabelDrop, TextStyle.Small, palette.TextDim);
        canvas.Text("−1", x + m.AxisLabelInset, top + plotHeight - m.AxisLabelInset, TextStyle.Small, palette.TextDim);

        double from, to;
        if (live)
        {
            from = scene.StreamNow - _stripSeconds;
            to = scene.StreamNow + FutureSeconds;
        }
        else
        {
            from = scene.HasReading ? scene.Readings[0].StreamSeconds : 0;
            to = scene.HasReading ? Math.Max(scene.Latest.StreamSeconds, from + 1) : 1;
        }
        float XOf(double t) => x + (float)((t - from) / (to - from) * width);
        float YOf(float v) => mid - (Math.Clamp(float.IsFinite(v) ? v : 0f, -1f, 1f) * half);
        float tickBaseline = top + plotHeight + Ascent(canvas, TextStyle.Small) + m.TickLabelGap;
        var tick = new TextBuilder(buffer);
        if (live)
        {
            float now = XOf(scene.StreamNow);
            canvas.Rect(MathF.Round(now), top, 1, plotHeight, palette.Axis);
            canvas.Text("now", now, tickBaseline, TextStyle.Small, palette.TextDim, TextAlign.Centre);
            tick.Append(-_stripSeconds, "0").Append(" s");
            canvas.Text(tick.Text, x, tickBaseline, TextStyle.Small, palette.TextDim);
        }
        else
        {
            tick.AppendTime(from);
            canvas.Text(tick.Text, x, tickBaseline, TextStyle.Small, palette.TextDim);
            var end = new TextBuilder(buffer);
            end.AppendTime(to);
            canvas.Text(end.Text, x + width, tickBaseline, TextStyle.Small, palette.TextDim, TextAlign.Right);
        }
        if (!scene.HasReading)
        {
            return;
        }

        int n = 0;
        ColourMode mode = scene.Settings.ColourMode;
        foreach (ref readonly ViewReading r in scene.Readings)
        {
            if (r.StreamSeconds < from || !r.Point.IsFinite)
            {
                continue;
            }
            float v = valence ? r.Point.Valence : r.Point.Arousal;
            if (n == _series.Length)
            {
                Array.Resize(ref _series, n * 2);
            }
            _series[n++] = new PathPoint(XOf(r.StreamSeconds), YOf(v), palette.PointColour(r.Point, mode), m.SeriesWidth);
        }
        canvas.Polyline(_series.AsSpan(0, n));
        if (n > 0)
        {
            PathPoint newest = _series[n - 1];
            canvas.Disc(newest.X, newest.Y, m.NewestDotRadius, newest.Colour);
        }
        if (live && n > 0 && scene.Settings.Shows(ViewOverlays.Forecast))
        {
            PathPoint last = _series[n - 1];
            ref readonly ViewReading latest = ref scene.Latest;
            foreach (ref readonly ForecastPoint f in latest.Forecast)
            {
                double t = latest.StreamSeconds + f.HorizonSeconds;
                if (t > to || !f.Point.IsFinite)
                {
                    break;
                }
                float fx = XOf(t), fy = YOf(valence ? f.Point.Valence : f.Point.Arousal);
                DashedLine(canvas, last.X, last.Y, fx, fy, m.StripForecastDash, m.StripForecastDashGap, m.StripForecastStroke, palette.Forecast.WithAlpha(0.85f));
                canvas.Ring(fx, fy, m.StripForecastMarkerRadius, m.StripForecastMarkerRing, palette.Forecast);
                last = new PathPoint(fx, fy, palette.Forecast, 0);
            }
        }
    }

    private static void PaintLevel(Canvas canvas, in SceneInput scene, ViewPalette palette, float x, float y, float width, in ViewMetrics m)
    {
        float captionBottom = Caption(canvas, "INPUT LEVEL", x, y, palette, m);
        InputLevel level = scene.HasReading ? scene.Latest.Level : default;
        Span<char> buffer = stackalloc char[48];
        var text = new TextBuilder(buffer);
        text.Append(level.RmsDb, "0.0").Append(" dB rms   ").Append(level.PeakDb, "0.0").Append(" dB peak");
        canvas.Text(text.Text, x + width, captionBottom - m.CaptionValueRise, TextStyle.Small, palette.TextSecondary, TextAlign.Right);
        float top = captionBottom + m.PlotTopGap, height = m.LevelMeterHeight;
        canvas.Rect(x, top, width, height, palette.PlotBackground);
        float Fraction(float db) => Math.Clamp((db - InputLevel.FloorDb) / -InputLevel.FloorDb, 0f, 1f);
        // Green to -18 dBFS, amber to -6, red above: the usual meter zones.
        float rms = Fraction(level.RmsDb) * width;
        float amber = Fraction(-18) * width, red = Fraction(-6) * width;
        canvas.Rect(x, top, MathF.Min(rms, amber), height, palette.MeterLow);
        if (rms > amber)
        {
            canvas.Rect(x + amber, top, MathF.Min(rms, red) - amber, height, palette.MeterHigh);
        }
        if (rms > red)
        {
            canvas.Rect(x + red, top, rms - red, height, palette.MeterClip);
        }
        float peak = MathF.Round(x + (Fraction(level.PeakDb) * width));
        canvas.Rect(MathF.Min(peak, x + width - m.PeakMarkWidth), top - m.PeakMarkOverhang, m.PeakMarkWidth, height + (2 * m.PeakMarkOverhang), palette.Text);
    }

    /// <summary>The start of <paramref name="text"/> that fits <paramref name="width"/> (a long device name is cut).</summary>
    private static ReadOnlySpan<char> FitWidth(FontSize font, ReadOnlySpan<char> text, float width)
    {
        while (text.Length > 1 && font.Measure(text) > width)
        {
            text = text[..^1];
        }
        return text;
    }

    private static float FooterHeight(Canvas canvas, in SceneInput scene, in ViewMetrics m) =>
        ((scene.Status is null ? 1 : 3) * LineGap(canvas, TextStyle.Small, m)) + m.FooterPadding;

    private static void PaintFooter(Canvas canvas, in SceneInput scene, ViewPalette palette, float left, float right, float bottom, in ViewMetrics m)
    {
        float gap = LineGap(canvas, TextStyle.Small, m);
        float y = bottom;
        if (scene.Mode == SceneMode.Live)
        {
            FontSize small = canvas.FontFor(TextStyle.Small);
            ReadOnlySpan<char> help = KeyBindings.Help;
            // The help line is long: break it at a separator when the strip is narrow.
            if (small.Measure(help) > right - left)
            {
                int cut = help[..(help.Length / 2)].LastIndexOf(" · ", StringComparison.Ordinal);
                canvas.Text(help[(cut + 3)..], left, y, TextStyle.Small, palette.TextDim);
                y -= gap;
                help = help[..cut];
            }
            canvas.Text(help, left, y, TextStyle.Small, palette.TextDim);
            y -= gap;
        }
        if (scene.Status is ViewStatus status)
        {
            Span<char> buffer = stackalloc char[160];
            var latency = new TextBuilder(buffer);
            // A file is analysed as fast as it can be read: there is no capture latency to show, only drops.
            if (double.IsFinite(status.LatencyP50Ms))
            {
                latency.Append("latency p50 ").Append(status.LatencyP50Ms, "0.0").Append(" ms · p99 ").Append(status.LatencyP99Ms, "0.0")
                    .Append(" ms · ");
            }
            latency.Append("drops ").Append(status.Drops);
            canvas.Text(latency.Text, left, y, TextStyle.Small, status.Drops > 0 ? palette.MeterHigh : palette.TextSecondary);
            y -= gap;
            var engine = new TextBuilder(buffer);
            engine.Append(status.Engine).Append(" · ").Append(status.Provider).Append(" · ").Append(status.Device);
            canvas.Text(FitWidth(canvas.FontFor(TextStyle.Small), engine.Text, right - left), left, y, TextStyle.Small, palette.TextSecondary);
        }
    }

    private static void DashedLine(Canvas canvas, float x0, float y0, float x1, float y1, float dash, float gap, float width, Rgba colour)
    {
        float dx = x1 - x0, dy = y1 - y0;
        float length = MathF.Sqrt((dx * dx) + (dy * dy));
        for (float at = 0; at < length; at += dash + gap)
        {
            float stop = MathF.Min(at + dash, length);
            canvas.Line(x0 + (dx * at / length), y0 + (dy * at / length), x0 + (dx * stop / length), y0 + (dy * stop / length), width, colour, colour);
        }
    }

    /// <summary>A small upper-case caption; returns the y below it.</summary>
    private static float Caption(Canvas canvas, string text, float x, float y, ViewPalette palette, in ViewMetrics m)
    {
        float baseline = y + Ascent(canvas, TextStyle.Small);
        canvas.Text(text, x, baseline, TextStyle.Small, palette.TextDim);
        return baseline + m.CaptionGap;
    }

    private static float Ascent(Canvas canvas, TextStyle style) => MathF.Ceiling(canvas.FontFor(style).Metrics.Ascender);

    private static float LineGap(Canvas canvas, TextStyle style, in ViewMetrics m) => MathF.Ceiling(canvas.FontFor(style).Metrics.LineHeight) + m.LineSpacing;
}
