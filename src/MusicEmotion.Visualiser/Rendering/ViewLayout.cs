using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>An axis-aligned rectangle in window pixels.</summary>
public readonly record struct PixelRect(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;

    public float Bottom => Y + Height;

    public bool Contains(float x, float y) => x >= X && x < Right && y >= Y && y < Bottom;

    public bool Intersects(PixelRect other) =>
        X < other.Right && other.X < Right && Y < other.Bottom && other.Y < Bottom;

    public PixelRect Inflate(float by) => new(X - by, Y - by, Width + (2 * by), Height + (2 * by));
}

/// <summary>
/// Where everything goes in a window of a given size: the circle (centre, radius), the margin around it that
/// holds the affect terms, the side strip, and the scale that sizes text and strokes (1 at 1920x1080, 2 at
/// 3840x2160). Pure geometry, so tests can ask where a reading must appear.
/// </summary>
public readonly record struct ViewLayout
{
    /// <summary>Text pixel sizes of <see cref="TextStyle"/> at scale 1.</summary>
    private static readonly int[] BaseFontPixels = [14, 17, 20, 44];

    private ViewLayout(int width, int height, in ViewMetrics metrics, float centreX, float centreY, float radius, PixelRect? strip)
    {
        Width = width;
        Height = height;
        Metrics = metrics;
        Scale = metrics.Scale;
        CentreX = centreX;
        CentreY = centreY;
        Radius = radius;
        LabelMargin = metrics.TermMargin;
        Strip = strip;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Size of text and strokes relative to the 1080p design.</summary>
    public float Scale { get; }

    /// <summary>Spacings, strokes and mark sizes at this scale.</summary>
    public ViewMetrics Metrics { get; }

    public float CentreX { get; }

    public float CentreY { get; }

    /// <summary>Radius of the unit circle in pixels.</summary>
    public float Radius { get; }

    /// <summary>Room around the circle for the affect terms.</summary>
    public float LabelMargin { get; }

    /// <summary>The side strip, or null when it is hidden.</summary>
    public PixelRect? Strip { get; }

    /// <summary>Outer margin of the window.</summary>
    public float Margin => Metrics.WindowMargin;

    /// <summary>The square [-1, 1]^2 of the circumplex: everything the trail, point and forecast may touch.</summary>
    public PixelRect PlotSquare => new(CentreX - Radius, CentreY - Radius, 2 * Radius, 2 * Radius);

    /// <summary>The plot square with the term margin: nothing of the circumplex is drawn outside it.</summary>
    public PixelRect CircumplexBounds => PlotSquare.Inflate(LabelMargin);

    public static ViewLayout For(int width, int height, bool showStrip)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        float scale = Math.Clamp(MathF.Min(width / 1920f, height / 1080f), 0.7f, 4f);
        var metrics = new ViewMetrics(scale);
        float margin = metrics.WindowMargin;
        PixelRect? strip = null;
        float areaRight = width - margin;
        if (showStrip)
        {
            float stripWidth = Math.Clamp(0.26f * width, metrics.StripMinWidth, metrics.StripMaxWidth);
            strip = new PixelRect(MathF.Round(width - margin - stripWidth), MathF.Round(margin), MathF.Round(stripWidth), MathF.Round(height - (2 * margin)));
            areaRight = strip.Value.X - margin;
        }
        float areaWidth = MathF.Max(areaRight - margin, 1);
        float areaHeight = MathF.Max(height - (2 * margin), 1);
        float radius = MathF.Max(16, MathF.Floor((MathF.Min(areaWidth, areaHeight) * 0.5f) - metrics.TermMargin));
        float centreX = MathF.Round(margin + (areaWidth * 0.5f));
        float centreY = MathF.Round(margin + (areaHeight * 0.5f));
        return new ViewLayout(width, height, metrics, centreX, centreY, radius, strip);
    }

    /// <summary>Pixel size of a text style in this layout.</summary>
    public int FontPixels(TextStyle style) => Math.Max(8, (int)MathF.Round(BaseFontPixels[(int)style] * Scale));

    /// <summary>The pixel sizes of all text styles, in <see cref="TextStyle"/> order (the font atlas's sizes).</summary>
    public int[] AllFontPixels() => [.. Enum.GetValues<TextStyle>().Select(FontPixels)];

    /// <summary>Where a point of the circumplex is drawn: valence to the right, arousal up.</summary>
    public (float X, float Y) ToPixel(AffectPoint point) =>
        (CentreX + (point.Valence * Radius), CentreY - (point.Arousal * Radius));

    /// <summary>The point of the circumplex under a pixel.</summary>
    public AffectPoint FromPixel(float x, float y) => new((CentreY - y) / Radius, (x - CentreX) / Radius);

    /// <summary>A point on the circle of radius <paramref name="r"/> (1 = the unit circle) at an angle in degrees.</summary>
    public (float X, float Y) OnCircle(float angleDegrees, float r)
    {
        float radians = angleDegrees * MathF.PI / 180f;
        return (CentreX + (MathF.Cos(radians) * Radius * r), CentreY - (MathF.Sin(radians) * Radius * r));
    }
}
