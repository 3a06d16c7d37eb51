using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Style;

/// <summary>How points, trail and plots are coloured.</summary>
public enum ColourMode
{
    /// <summary>One colour per quadrant of the circumplex.</summary>
    Quadrant,

    /// <summary>A diverging scale along valence: unpleasant, neutral, pleasant.</summary>
    Valence,
}

/// <summary>The set of hues used for the quadrants and the valence scale.</summary>
public enum PaletteKind
{
    /// <summary>Vivid hues chosen for meaning (warm for active-positive, red for active-negative...).</summary>
    Standard,

    /// <summary>Hues told apart with protanopia, deuteranopia and tritanopia (mostly Okabe-Ito).</summary>
    ColourBlindSafe,
}

/// <summary>
/// Every colour the view draws with. The chrome (background, panel, text, grid) is shared; the data hues
/// depend on the <see cref="PaletteKind"/>.
/// </summary>
public sealed class ViewPalette
{
    private readonly Rgba[] _quadrants;
    private readonly Rgba _valenceNegative;
    private readonly Rgba _valenceNeutral;
    private readonly Rgba _valencePositive;

    private ViewPalette(PaletteKind kind, Rgba[] quadrants, Rgba valenceNegative, Rgba valenceNeutral, Rgba valencePositive)
    {
        Kind = kind;
        _quadrants = quadrants;
        _valenceNegative = valenceNegative;
        _valenceNeutral = valenceNeutral;
        _valencePositive = valencePositive;
    }

    public static ViewPalette Standard { get; } = new(
        PaletteKind.Standard,
        [Rgba.Parse("#FFB627"), Rgba.Parse("#FF5468"), Rgba.Parse("#3DD6A3"), Rgba.Parse("#5C8DFF")],
        Rgba.Parse("#FF5468"), Rgba.Parse("#A7B0C2"), Rgba.Parse("#3DD6A3"));

    /// <summary>
    /// Yellow, vermillion and reddish purple from Okabe and Ito's colour-universal-design set, with a light
    /// blue: the four stay apart under simulated protanopia, deuteranopia and tritanopia (ViewPaletteTests).
    /// </summary>
    public static ViewPalette ColourBlindSafe { get; } = new(
        PaletteKind.ColourBlindSafe,
        [Rgba.Parse("#F0E442"), Rgba.Parse("#D55E00"), Rgba.Parse("#CC79A7"), Rgba.Parse("#5C8DFF")],
        Rgba.Parse("#56B4E9"), Rgba.Parse("#B8BFCC"), Rgba.Parse("#E69F00"));

    public static ViewPalette For(PaletteKind kind) => kind == PaletteKind.ColourBlindSafe ? ColourBlindSafe : Standard;

    public PaletteKind Kind { get; }

    public Rgba Panel { get; } = Rgba.Parse("#131A27");
    public Rgba PanelEdge { get; } = Rgba.Parse("#222C3D");
    public Rgba PlotBackground { get; } = Rgba.Parse("#0E1420");
    public Rgba Text { get; } = Rgba.Parse("#E8ECF4");
    public Rgba TextSecondary { get; } = Rgba.Parse("#97A1B5");
    public Rgba TextDim { get; } = Rgba.Parse("#5F6A80");
    public Rgba Grid { get; } = Rgba.Parse("#FFFFFF1C");
    public Rgba Axis { get; } = Rgba.Parse("#FFFFFF40");
    public Rgba Rim { get; } = Rgba.Parse("#FFFFFF66");
    public Rgba Forecast { get; } = Rgba.Parse("#EAF2FF");

    /// <summary>A profile drawn with the mouse: a cyan no quadrant, valence hue or text uses, in both palettes.</summary>
    public Rgba Profile { get; } = Rgba.Parse("#00E5FF");
    public Rgba MeterLow { get; } = Rgba.Parse("#3DD6A3");
    public Rgba MeterHigh { get; } = Rgba.Parse("#FFB627");
    public Rgba MeterClip { get; } = Rgba.Parse("#FF5468");

    /// <summary>The hue of a quadrant.</summary>
    public Rgba QuadrantColour(Quadrant quadrant) => _quadrants[(int)quadrant];

    /// <summary>The diverging valence scale at <paramref name="valence"/> in [-1, 1].</summary>
    public Rgba ValenceColour(float valence)
    {
        float v = Math.Clamp(float.IsFinite(valence) ? valence : 0f, -1f, 1f);
        return v < 0 ? Rgba.Lerp(_valenceNeutral, _valenceNegative, -v) : Rgba.Lerp(_valenceNeutral, _valencePositive, v);
    }

    /// <summary>The colour of a point under <paramref name="mode"/>.</summary>
    public Rgba PointColour(AffectPoint point, ColourMode mode) =>
        mode == ColourMode.Valence ? ValenceColour(point.Valence) : QuadrantColour(Circumplex.QuadrantOf(point));
}
