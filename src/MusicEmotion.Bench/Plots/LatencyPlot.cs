using System.Globalization;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Offscreen;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Text;
using Silk.NET.OpenGL;

namespace MusicEmotion.Bench.Plots;

/// <summary>
/// The picture of a bench run (<c>bench --plot</c>), drawn offscreen with the view's own canvas and font: on the
/// left the end-to-end latency histogram on a log time axis with its median, p99 and p99.9 marked; on the right
/// each stage's percentile curve on a "nines" axis (0, 90, 99, 99.9, 99.99 %), where tails show.
/// </summary>
public static class LatencyPlot
{
    private const int Width = 1600;
    private const int Height = 900;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly Rgba Background = Rgba.Parse("#0A0E16");
    private static readonly Rgba Axis = Rgba.Parse("#8A94A6");
    private static readonly Rgba Grid = Rgba.Parse("#1E2636");
    private static readonly Rgba Text = Rgba.Parse("#E6EAF2");
    private static readonly Rgba[] StageColours =
        [Rgba.Parse("#4FC3F7"), Rgba.Parse("#FFB74D"), Rgba.Parse("#BA68C8"), Rgba.Parse("#81C784"), Rgba.Parse("#E57373")];

    /// <summary>Renders <paramref name="report"/> and writes it to <paramref name="pngPath"/>; returns how the GL context was made.</summary>
    public static string Save(BenchReport report, string pngPath, ViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= new ViewOptions();
        using OffscreenContext context = OffscreenContext.Create();
        using var target = new GlRenderTarget(context.Gl, Width, Height);
        using var canvas = new Canvas(context.Gl, options.ShaderDirectory);
        canvas.UseFont(FontAtlas.Rasterise(FontLocator.Find(options.FontPath), [16, 18, 24, 30]));
        GL gl = context.Gl;
        target.Bind();
        gl.Viewport(0, 0, Width, Height);
        gl.Enable(EnableCap.Blend);
        gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        gl.ClearColor(Background.R, Background.G, Background.B, 1f);
        gl.Clear(ClearBufferMask.ColorBufferBit);
        canvas.Begin(Width, Height);
        Draw(canvas, report);
        canvas.Flush();
        RgbaImage image = target.Capture();
        PngEncoder.Save(image, pngPath);
        return context.Description;
    }

    private static void Draw(Canvas canvas, BenchReport report)
    {
        BenchSetup setup = report.Setup;
        canvas.Text($"musicemotion bench: {setup.Model} on {setup.Engine} ({setup.Provider})", 60, 50, TextStyle.Display, Text);
        StageStatistics? endToEnd = report.Stage(BenchStages.EndToEndName);
        string summary = endToEnd is null ? "" : string.Create(Invariant,
            $"end to end median {endToEnd.MedianUs:0.0} us, p99 {endToEnd.P99Us:0.0} us, p99.9 {endToEnd.P999Us:0.0} us, max {endToEnd.MaxUs:0.0} us; ");
        canvas.Text(
            $"{report.Machine.Cpu}, {report.Machine.LogicalCores} cores; {summary}{report.Throughput.Frames} frames, "
            + $"{report.Resources.AllocatedBytesPerFrame:0.#} B/frame; {report.CreatedUtc:yyyy-MM-dd HH:mm} UTC",
            60, 84, TextStyle.Body, Axis);
        if (endToEnd is not null)
        {
            DrawHistogram(canvas, endToEnd, new Panel(100, 150, 640, 620));
        }
        DrawPercentiles(canvas, report.Stages, new Panel(880, 150, 660, 620));
    }

    /// <summary>Counts per log-spaced bin of the end-to-end time, bars scaled to the fullest bin.</summary>
    private static void DrawHistogram(Canvas canvas, StageStatistics stage, Panel panel)
    {
        canvas.Text("end-to-end latency histogram", panel.X, panel.Y - 16, TextStyle.Heading, Text);
        var (low, high) = Decades(stage.MinUs, stage.MaxUs);
        const int bins = 80;
        var counts = new long[bins];
        foreach (HistogramBucket bucket in stage.Histogram)
        {
            double position = (Math.Log10(Math.Max(bucket.UpperUs, 1e-3)) - low) / (high - low);
            counts[Math.Clamp((int)(position * bins), 0, bins - 1)] += bucket.Count;
        }
        long fullest = Math.Max(1, counts.Max());
        DrawLogAxis(canvas, panel, low, high, "latency per frame (us, log scale)");
        canvas.Text("frames", panel.X - 12, panel.Y + 4, TextStyle.Small, Axis, TextAlign.Right);
        canvas.Text(fullest.ToString(Invariant), panel.X - 12, panel.Y + 24, TextStyle.Small, Axis, TextAlign.Right);
        float barWidth = panel.Width / (float)bins;
        for (int i = 0; i < bins; i++)
        {
            float height = panel.Height * counts[i] / (float)fullest;
            if (counts[i] > 0)
            {
                canvas.Rect(panel.X + (i * barWidth) + 1, panel.Bottom - Math.Max(height, 2), barWidth - 2, Math.Max(height, 2), StageColours[3]);
            }
        }
        var marks = new[] { ("median", stage.MedianUs), ("p99", stage.P99Us), ("p99.9", stage.P999Us) };
        for (int m = 0; m < marks.Length; m++)
        {
            var (name, micros) = marks[m];
            float x = panel.X + (float)((Math.Log10(Math.Max(micros, 1e-3)) - low) / (high - low) * panel.Width);
            canvas.Line(x, panel.Y, x, panel.Bottom, 2, StageColours[4], StageColours[4]);
            canvas.Text(string.Create(Invariant, $"{name} {micros:0.0}"), x + 6, panel.Y + 24 + (m * 26), TextStyle.Small, Text);
        }
    }

    /// <summary>Each stage's latency against percentile on a nines axis, log latency axis.</summary>
    private static void DrawPercentiles(Canvas canvas, IReadOnlyList<StageStatistics> stages, Panel panel)
    {
        canvas.Text("percentile curves", panel.X, panel.Y - 16, TextStyle.Heading, Text);
        double min = stages.Where(s => s.Count > 0).Select(s => s.MinUs).DefaultIfEmpty(1).Min();
        double max = stages.Where(s => s.Count > 0).Select(s => s.MaxUs).DefaultIfEmpty(10).Max();
        var (low, high) = Decades(min, max);
        const double maxNines = 4;
        canvas.Rect(panel.X, panel.Bottom, panel.Width, 1, Axis);
        canvas.Rect(panel.X, panel.Y, 1, panel.Height, Axis);
        string[] ticks = ["0", "90", "99", "99.9", "99.99"];
        for (int n = 0; n < ticks.Length; n++)
        {
            float x = panel.X + (float)(n / maxNines * panel.Width);
            canvas.Rect(x, panel.Y, 1, panel.Height, Grid);
            canvas.Text(ticks[n], x, panel.Bottom + 24, TextStyle.Small, Axis, TextAlign.Centre);
        }
        canvas.Text("percentile (%)", panel.X + (panel.Width / 2f), panel.Bottom + 52, TextStyle.Body, Axis, TextAlign.Centre);
        for (int decade = (int)low; decade <= (int)high; decade++)
        {
            float y = panel.Bottom - (float)((decade - low) / (high - low) * panel.Height);
            canvas.Rect(panel.X, y, panel.Width, 1, Grid);
            canvas.Text(Math.Pow(10, decade).ToString("0.###", Invariant), panel.X - 10, y + 6, TextStyle.Small, Axis, TextAlign.Right);
        }
        for (int s = 0; s < stages.Count; s++)
        {
            StageStatistics stage = stages[s];
            Rgba colour = StageColours[s % StageColours.Length];
            var points = new List<PathPoint>();
            long seen = 0;
            foreach (HistogramBucket bucket in stage.Histogram)
            {
                seen += bucket.Count;
                double fraction = Math.Min(seen / (double)stage.Count, 1 - 1e-9);
                double nines = Math.Min(-Math.Log10(1 - fraction), maxNines);
                float x = panel.X + (float)(nines / maxNines * panel.Width);
                float y = panel.Bottom - (float)((Math.Log10(Math.Max(bucket.UpperUs, 1e-3)) - low) / (high - low) * panel.Height);
                points.Add(new PathPoint(x, y, colour, 3));
            }
            canvas.Polyline(points.ToArray());
            float legendY = panel.Y + 24 + (s * 26);
            canvas.Rect(panel.X + 20, legendY - 10, 24, 4, colour);
            canvas.Text(string.Create(Invariant, $"{stage.Stage}  median {stage.MedianUs:0.0} us, p99 {stage.P99Us:0.0} us"), panel.X + 54, legendY, TextStyle.Small, Text);
        }
    }

    private static void DrawLogAxis(Canvas canvas, Panel panel, double low, double high, string label)
    {
        canvas.Rect(panel.X, panel.Bottom, panel.Width, 1, Axis);
        canvas.Rect(panel.X, panel.Y, 1, panel.Height, Axis);
        for (int decade = (int)low; decade <= (int)high; decade++)
        {
            for (int step = 1; step < 10 && decade + Math.Log10(step) <= high; step++)
            {
                float x = panel.X + (float)((decade + Math.Log10(step) - low) / (high - low) * panel.Width);
                canvas.Rect(x, panel.Bottom, 1, step == 1 ? 10 : 5, Axis);
                if (step == 1)
                {
                    canvas.Rect(x, panel.Y, 1, panel.Height, Grid);
                    canvas.Text(Math.Pow(10, decade).ToString("0.###", Invariant), x, panel.Bottom + 28, TextStyle.Small, Axis, TextAlign.Centre);
                }
            }
        }
        canvas.Text(label, panel.X + (panel.Width / 2f), panel.Bottom + 56, TextStyle.Body, Axis, TextAlign.Centre);
    }

    /// <summary>Whole decades (log10) around [min, max] microseconds, at least one wide.</summary>
    private static (double Low, double High) Decades(double minUs, double maxUs)
    {
        double low = Math.Floor(Math.Log10(Math.Max(minUs, 0.1)));
        double high = Math.Ceiling(Math.Log10(Math.Max(maxUs, 0.1)));
        return (low, Math.Max(high, low + 1));
    }

    private readonly record struct Panel(float X, float Y, float Width, float Height)
    {
        public float Bottom => Y + Height;
    }
}
