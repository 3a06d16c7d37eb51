using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Text;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Draws the circumplex's content on top of its backdrop: the affect terms around the rim, the fading
/// trail, the dashed forecast and the glowing point. Its scratch buffers grow to the longest trail seen
/// and are then reused, so a frame allocates nothing.
/// </summary>
public sealed class CircumplexPainter
{
    /// <summary>Trail control points closer together than this (pixels) are merged, so a resting point draws no knots.</summary>
    private const float MinSpacing = 0.75f;

    private readonly double _trailSeconds;
    private TrailKnot[] _knots = new TrailKnot[256];
    private PathPoint[] _path = new PathPoint[4096];
    private readonly PathPoint[] _forecast = new PathPoint[ViewReading.MaxForecastSteps + 1];
    private PathPoint[] _profile = new PathPoint[256];

    public CircumplexPainter(double trailSeconds) => _trailSeconds = trailSeconds;

    /// <summary>
    /// The part that does not move, drawn into the renderer's cached layer: axis and quadrant captions and,
    /// when shown, every affect term with its dot.
    /// </summary>
    public static void PaintStatic(Canvas canvas, in ViewLayout layout, ViewSettings settings, ViewPalette palette, ReadOnlySpan<TermLabel> terms)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(palette);
        PaintCaptions(canvas, layout, palette);
        if (settings.Shows(ViewOverlays.Terms))
        {
            foreach (ref readonly TermLabel term in terms)
            {
                PaintTerm(canvas, layout, term, palette.Rim, palette.TextSecondary, layout.Metrics.TermDotRadius);
            }
        }
    }

    /// <summary>The part that moves, drawn every frame over the cached layer.</summary>
    public void Paint(Canvas canvas, in ViewLayout layout, in SceneInput scene, ViewPalette palette, ReadOnlySpan<TermLabel> terms)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(palette);
        ViewSettings settings = scene.Settings;
        if (!scene.HasReading)
        {
            canvas.Text("waiting for the first reading…", layout.CentreX, layout.CentreY + (layout.Radius * 0.5f), TextStyle.Body, palette.TextSecondary, TextAlign.Centre);
            PaintProfile(canvas, layout, scene.Profile.Line, palette);
            return;
        }
        if (settings.Shows(ViewOverlays.Terms))
        {
            HighlightCurrentTerm(canvas, layout, scene.Latest.Label, palette, terms);
        }
        if (settings.Shows(ViewOverlays.Trail))
        {
            PaintTrail(canvas, layout, scene, palette);
        }
        if (settings.Shows(ViewOverlays.Forecast) && scene.Mode == SceneMode.Live)
        {
            PaintForecast(canvas, layout, scene, palette);
        }
        PaintPoint(canvas, layout, scene, palette);
        PaintProfile(canvas, layout, scene.Profile.Line, palette);
    }

    /// <summary>Clamps a point to the [-1, 1] square the view shows and maps it to pixels.</summary>
    public static (float X, float Y) Place(in ViewLayout layout, AffectPoint point) =>
        layout.ToPixel(new AffectPoint(Math.Clamp(point.Arousal, -1f, 1f), Math.Clamp(point.Valence, -1f, 1f)));

    private static void PaintCaptions(Canvas canvas, in ViewLayout layout, ViewPalette palette)
    {
        ViewMetrics m = layout.Metrics;
        Rgba caption = palette.TextDim;
        canvas.Text("valence", layout.CentreX + layout.Radius - m.AxisCaptionInset, layout.CentreY + m.ValenceCaptionDrop, TextStyle.Small, caption, TextAlign.Right);
        canvas.Text("arousal", layout.CentreX + m.AxisCaptionInset, layout.CentreY - layout.Radius + m.ArousalCaptionDrop, TextStyle.Small, caption);
        Rgba quadrant = palette.TextDim.Faded(0.8f);
        float d = 0.74f * layout.Radius * MathF.Sqrt(0.5f);
        canvas.Text(ViewWords.Of(Quadrant.ActivePositive), layout.CentreX + d, layout.CentreY - d, TextStyle.Small, quadrant, TextAlign.Centre);
        canvas.Text(ViewWords.Of(Quadrant.ActiveNegative), layout.CentreX - d, layout.CentreY - d, TextStyle.Small, quadrant, TextAlign.Centre);
        canvas.Text(ViewWords.Of(Quadrant.PassiveNegative), layout.CentreX - d, layout.CentreY + d, TextStyle.Small, quadrant, TextAlign.Centre);
        canvas.Text(ViewWords.Of(Quadrant.PassivePositive), layout.CentreX + d, layout.CentreY + d, TextStyle.Small, quadrant, TextAlign.Centre);
    }

    /// <summary>The term the current reading is named after, written again brighter over its static label.</summary>
    private static void HighlightCurrentTerm(Canvas canvas, in ViewLayout layout, string label, ViewPalette palette, ReadOnlySpan<TermLabel> terms)
    {
        foreach (ref readonly TermLabel term in terms)
        {
            if (string.Equals(term.Name, label, StringComparison.Ordinal))
            {
                PaintTerm(canvas, layout, term, palette.Text, palette.Text, layout.Metrics.CurrentTermDotRadius);
            }
        }
    }

    private static void PaintTerm(Canvas canvas, in ViewLayout layout, in TermLabel term, Rgba dot, Rgba text, float dotRadius)
    {
        canvas.Disc(term.DotX, term.DotY, dotRadius, dot);
        if (term.NeedsLeader)
        {
            canvas.Line(term.DotX, term.DotY, term.AnchorX, term.AnchorY, layout.Metrics.TermLeaderWidth, dot.Faded(0.35f), dot.Faded(0.35f));
        }
        FontSize font = canvas.FontFor(TextStyle.Small);
        float baseline = term.Box.Y + ((term.Box.Height + font.Metrics.Ascender + font.Metrics.Descender) * 0.5f);
        canvas.Text(term.Name, term.Box.X, baseline, TextStyle.Small, text);
    }

    private void PaintTrail(Canvas canvas, in ViewLayout layout, in SceneInput scene, ViewPalette palette)
    {
        int count = CollectKnots(layout, scene, palette);
        if (count < 2)
        {
            return;
        }
        float scale = layout.Scale;
        float stepLength = layout.Metrics.TrailStepLength;
        int pathLength = 0;
        for (int i = 0; i < count - 1; i++)
        {
            ref readonly TrailKnot p0 = ref _knots[Math.Max(i - 1, 0)];
            ref readonly TrailKnot p1 = ref _knots[i];
            ref readonly TrailKnot p2 = ref _knots[i + 1];
            ref readonly TrailKnot p3 = ref _knots[Math.Min(i + 2, count - 1)];
            float length = MathF.Sqrt(Square(p2.X - p1.X) + Square(p2.Y - p1.Y));
            int steps = Math.Clamp((int)(length / stepLength), 1, 24);
            for (int k = 0; k < steps; k++)
            {
                float t = k / (float)steps;
                CatmullRom(p0, p1, p2, p3, t, out float x, out float y);
                float fresh = p1.Freshness + ((p2.Freshness - p1.Freshness) * t);
                Rgba colour = Rgba.Lerp(p1.Colour, p2.Colour, t);
                AddPathPoint(ref pathLength, new PathPoint(x, y, colour.WithAlpha(TrailAlpha(fresh)), TrailWidth(fresh, scale)));
            }
        }
        ref readonly TrailKnot last = ref _knots[count - 1];
        AddPathPoint(ref pathLength, new PathPoint(last.X, last.Y, last.Colour.WithAlpha(TrailAlpha(last.Freshness)), TrailWidth(last.Freshness, scale)));
        canvas.Polyline(_path.AsSpan(0, pathLength));
        // The readings themselves, as small dots on the path.
        for (int i = 0; i < count - 1; i++)
        {
            ref readonly TrailKnot knot = ref _knots[i];
            if (knot.IsReading)
            {
                canvas.Disc(knot.X, knot.Y, KnotRadius(knot.Freshness, scale), knot.Colour.WithAlpha(TrailAlpha(knot.Freshness)));
            }
        }
    }

    /// <summary>
    /// The trail's control points. Live: the readings of the last trail seconds except the newest, ending at
    /// the moving point (which is on its way to the newest). Summary: every reading.
    /// </summary>
    private int CollectKnots(in ViewLayout layout, in SceneInput scene, ViewPalette palette)
    {
        ReadOnlySpan<ViewReading> readings = scene.Readings;
        ColourMode mode = scene.Settings.ColourMode;
        bool live = scene.Mode == SceneMode.Live;
        double first = readings[0].StreamSeconds, span = Math.Max(readings[^1].StreamSeconds - first, 1e-6);
        int start = 0;
        if (live)
        {
            start = readings.Length - 1;
            while (start > 0 && scene.StreamNow - readings[start - 1].StreamSeconds <= _trailSeconds)
            {
                start--;
            }
        }
        int end = live ? readings.Length - 1 : readings.Length;
        int count = 0;
        for (int i = start; i < end; i++)
        {
            ref readonly ViewReading r = ref readings[i];
            if (!r.Point.IsFinite)
            {
                continue;
            }
            float fresh = live
                ? (float)Math.Clamp(1 - ((scene.StreamNow - r.StreamSeconds) / _trailSeconds), 0, 1)
                : 0.3f + (0.7f * (float)((r.StreamSeconds - first) / span));
            AddKnot(ref count, layout, r.Point, palette.PointColour(r.Point, mode), fresh, isReading: true);
        }
        if (live)
        {
            AddKnot(ref count, layout, scene.Current, palette.PointColour(scene.Current, mode), 1f, isReading: false);
        }
        return count;
    }

    private void AddKnot(ref int count, in ViewLayout layout, AffectPoint point, Rgba colour, float freshness, bool isReading)
    {
        (float x, float y) = Place(layout, point);
        if (count > 0 && MathF.Abs(_knots[count - 1].X - x) + MathF.Abs(_knots[count - 1].Y - y) < MinSpacing)
        {
            _knots[count - 1] = new TrailKnot(x, y, colour, freshness, isReading || _knots[count - 1].IsReading);
            return;
        }
        if (count == _knots.Length)
        {
            Array.Resize(ref _knots, count * 2);
        }
        _knots[count++] = new TrailKnot(x, y, colour, freshness, isReading);
    }

    private void AddPathPoint(ref int length, in PathPoint point)
    {
        if (length == _path.Length)
        {
            Array.Resize(ref _path, length * 2);
        }
        _path[length++] = point;
    }

    private void PaintForecast(Canvas canvas, in ViewLayout layout, in SceneInput scene, ViewPalette palette)
    {
        ReadOnlySpan<ForecastPoint> forecast = scene.Latest.Forecast;
        if (forecast.IsEmpty)
        {
            return;
        }
        ViewMetrics m = layout.Metrics;
        Rgba colour = palette.Forecast;
        int n = 0;
        (float cx, float cy) = Place(layout, scene.Current);
        _forecast[n++] = new PathPoint(cx, cy, colour, m.ForecastPathWidth);
        foreach (ref readonly ForecastPoint f in forecast)
        {
            if (!f.Point.IsFinite)
            {
                continue;
            }
            (float x, float y) = Place(layout, f.Point);
            if (f.Spread > 0 && float.IsFinite(f.Spread))
            {
                // However wide the model's spread, the disc stays within the circumplex's own bounds.
                PixelRect bounds = layout.CircumplexBounds;
                float room = MathF.Min(MathF.Min(x - bounds.X, bounds.Right - x), MathF.Min(y - bounds.Y, bounds.Bottom - y));
                float r = MathF.Min(MathF.Min(f.Spread, 1f) * layout.Radius, room - 2);
                canvas.Disc(x, y, r, colour.WithAlpha(0.05f));
                canvas.Ring(x, y, r, m.SpreadRingWidth, colour.WithAlpha(0.22f));
            }
            _forecast[n++] = new PathPoint(x, y, colour, m.ForecastPathWidth);
        }
        if (n < 2)
        {
            return;
        }
        PaintDashes(canvas, _forecast.AsSpan(0, n), m.ForecastDash, m.ForecastDashGap, m.ForecastStroke, colour.WithAlpha(0.92f));
        // Hollow markers at the predicted points: a dark centre hides the dash beneath, then the ring.
        float marker = m.ForecastMarkerRadius;
        for (int i = 1; i < n; i++)
        {
            canvas.Disc(_forecast[i].X, _forecast[i].Y, marker, palette.PlotBackground);
            canvas.Ring(_forecast[i].X, _forecast[i].Y, marker, m.ForecastMarkerRing, colour.WithAlpha(0.95f));
        }
        PathPoint tip = _forecast[n - 1];
        if (!PaintArrowHead(canvas, _forecast[n - 2], tip, marker + m.ArrowGap, m.ArrowLength, m.ForecastStroke, colour, out float dx, out float dy))
        {
            return;
        }
        // The horizon, written just beyond the arrow, on the side it points to.
        ref readonly ForecastPoint lastPoint = ref forecast[^1];
        Span<char> buffer = stackalloc char[16];
        var text = new TextBuilder(buffer);
        text.Append('+').Append(lastPoint.HorizonSeconds, "0.0").Append(" s");
        float reach = marker + m.HorizonLabelGap;
        float lx = tip.X + (dx * reach), ly = tip.Y + (dy * reach) + (canvas.FontFor(TextStyle.Small).Metrics.Ascender * 0.4f);
        canvas.Text(text.Text, lx, ly, TextStyle.Small, colour.WithAlpha(0.85f), dx >= 0 ? TextAlign.Left : TextAlign.Right);
    }

    /// <summary>
    /// A profile drawn with the mouse, on top of everything else, where its points lie on the circumplex: a solid
    /// line with a disc at each end. Its buffer grows only while a longer stroke is drawn.
    /// </summary>
    private void PaintProfile(Canvas canvas, in ViewLayout layout, ReadOnlySpan<AffectPoint> line, ViewPalette palette)
    {
        if (line.IsEmpty)
        {
            return;
        }
        if (line.Length > _profile.Length)
        {
            Array.Resize(ref _profile, Math.Max(line.Length, _profile.Length * 2));
        }
        ViewMetrics m = layout.Metrics;
        for (int i = 0; i < line.Length; i++)
        {
            (float x, float y) = Place(layout, line[i]);
            _profile[i] = new PathPoint(x, y, palette.Profile, m.ProfileStroke);
        }
        canvas.Polyline(_profile.AsSpan(0, line.Length));
        canvas.Disc(_profile[0].X, _profile[0].Y, m.ProfileEndRadius, palette.Profile);
        canvas.Disc(_profile[line.Length - 1].X, _profile[line.Length - 1].Y, m.ProfileEndRadius, palette.Profile);
    }

    /// <summary>Dashes along a polyline, the pattern running on across its corners.</summary>
    private static void PaintDashes(Canvas canvas, ReadOnlySpan<PathPoint> path, float dash, float gap, float width, Rgba colour)
    {
        const float epsilon = 1e-3f;
        bool drawing = true;
        float remaining = dash;
        for (int i = 1; i < path.Length; i++)
        {
            float x0 = path[i - 1].X, y0 = path[i - 1].Y;
            float dx = path[i].X - x0, dy = path[i].Y - y0;
            float length = MathF.Sqrt((dx * dx) + (dy * dy));
            float along = 0;
            while (length - along > epsilon)
            {
                float step = MathF.Min(remaining, length - along);
                if (drawing)
                {
                    float a = along / length, b = (along + step) / length;
                    canvas.Line(x0 + (dx * a), y0 + (dy * a), x0 + (dx * b), y0 + (dy * b), width, colour, colour);
                }
                along += step;
                remaining -= step;
                if (remaining <= epsilon)
                {
                    drawing = !drawing;
                    remaining = drawing ? dash : gap;
                }
            }
        }
    }

    /// <summary>
    /// A chevron pointing from <paramref name="from"/> to <paramref name="tip"/>, its point <paramref name="gap"/>
    /// short of the tip (outside the marker there). False when the two points coincide.
    /// </summary>
    private static bool PaintArrowHead(Canvas canvas, PathPoint from, PathPoint tip, float gap, float size, float width, Rgba colour, out float dx, out float dy)
    {
        dx = tip.X - from.X;
        dy = tip.Y - from.Y;
        float length = MathF.Sqrt((dx * dx) + (dy * dy));
        if (length < 1e-3f)
        {
            return false;
        }
        dx /= length;
        dy /= length;
        float tx = tip.X - (dx * gap), ty = tip.Y - (dy * gap);
        float bx = tx - (dx * size), by = ty - (dy * size);
        float nx = -dy * size * 0.55f, ny = dx * size * 0.55f;
        canvas.Line(bx + nx, by + ny, tx, ty, width, colour, colour);
        canvas.Line(bx - nx, by - ny, tx, ty, width, colour, colour);
        return true;
    }

    private static void PaintPoint(Canvas canvas, in ViewLayout layout, in SceneInput scene, ViewPalette palette)
    {
        ViewMetrics m = layout.Metrics;
        ColourMode mode = scene.Settings.ColourMode;
        if (scene.Mode == SceneMode.Summary)
        {
            ref readonly ViewReading first = ref scene.Readings[0];
            (float fx, float fy) = Place(layout, first.Point);
            canvas.Ring(fx, fy, m.StartRingRadius, m.StartRingWidth, palette.Text.WithAlpha(0.8f));
            canvas.Text("start", fx + m.StartLabelOffsetX, fy + m.PointLabelDrop, TextStyle.Small, palette.TextSecondary);
        }
        AffectPoint point = scene.Mode == SceneMode.Live ? scene.Current : scene.Latest.Point;
        if (!point.IsFinite)
        {
            return;
        }
        (float x, float y) = Place(layout, point);
        canvas.Glow(x, y, m.PointCoreRadius, m.PointGlowRadius, palette.PointColour(point, mode));
        if (scene.Mode == SceneMode.Summary)
        {
            canvas.Text("end", x + m.EndLabelOffsetX, y + m.PointLabelDrop, TextStyle.Small, palette.TextSecondary);
        }
    }

    /// <summary>Centripetal Catmull-Rom (Barry and Goldman's form): no cusps or loops where readings bunch up.</summary>
    private static void CatmullRom(in TrailKnot p0, in TrailKnot p1, in TrailKnot p2, in TrailKnot p3, float t, out float x, out float y)
    {
        float t01 = MathF.Max(MathF.Pow(Square(p1.X - p0.X) + Square(p1.Y - p0.Y), 0.25f), 1e-3f);
        float t12 = MathF.Max(MathF.Pow(Square(p2.X - p1.X) + Square(p2.Y - p1.Y), 0.25f), 1e-3f);
        float t23 = MathF.Max(MathF.Pow(Square(p3.X - p2.X) + Square(p3.Y - p2.Y), 0.25f), 1e-3f);
        // Tangents at p1 and p2, scaled to the segment's parameter length, then a cubic Hermite between them.
        float m1x = t12 * (((p1.X - p0.X) / t01) - ((p2.X - p0.X) / (t01 + t12)) + ((p2.X - p1.X) / t12));
        float m1y = t12 * (((p1.Y - p0.Y) / t01) - ((p2.Y - p0.Y) / (t01 + t12)) + ((p2.Y - p1.Y) / t12));
        float m2x = t12 * (((p2.X - p1.X) / t12) - ((p3.X - p1.X) / (t12 + t23)) + ((p3.X - p2.X) / t23));
        float m2y = t12 * (((p2.Y - p1.Y) / t12) - ((p3.Y - p1.Y) / (t12 + t23)) + ((p3.Y - p2.Y) / t23));
        float t2 = t * t, t3 = t2 * t;
        float h00 = (2 * t3) - (3 * t2) + 1, h10 = t3 - (2 * t2) + t, h01 = (-2 * t3) + (3 * t2), h11 = t3 - t2;
        x = (h00 * p1.X) + (h10 * m1x) + (h01 * p2.X) + (h11 * m2x);
        y = (h00 * p1.Y) + (h10 * m1y) + (h01 * p2.Y) + (h11 * m2y);
    }

    private static float TrailAlpha(float freshness) => 0.92f * MathF.Pow(Math.Clamp(freshness, 0f, 1f), 1.4f);

    private static float TrailWidth(float freshness, float scale) => (1.2f + (3.3f * freshness)) * scale;

    /// <summary>A reading's dot on the trail: larger the fresher it is.</summary>
    private static float KnotRadius(float freshness, float scale) => (1.6f + (1.6f * freshness)) * scale;

    private static float Square(float v) => v * v;

    private readonly record struct TrailKnot(float X, float Y, Rgba Colour, float Freshness, bool IsReading);
}
