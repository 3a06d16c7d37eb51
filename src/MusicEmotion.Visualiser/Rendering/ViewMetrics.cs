namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Every spacing, stroke and mark size of the view in pixels, each a 1080p design size times the layout's scale,
/// computed once per layout so the painters say what a number is instead of writing <c>9 * s</c>. A struct, so a
/// new layout (a resize) allocates nothing; the values are the exact products the painters used to compute inline,
/// so the pixels do not change.
/// </summary>
public readonly record struct ViewMetrics
{
    public ViewMetrics(float scale)
    {
        Scale = scale;

        WindowMargin = 20 * scale;
        TermMargin = 92 * scale;
        StripMinWidth = 280 * scale;
        StripMaxWidth = 520 * scale;

        AxisCaptionInset = 8 * scale;
        ValenceCaptionDrop = 18 * scale;
        ArousalCaptionDrop = 22 * scale;
        TermLabelGap = 10 * scale;
        TermLabelPadding = 3 * scale;
        TermDotRadius = 2.5f * scale;
        CurrentTermDotRadius = 3.5f * scale;
        TermLeaderWidth = 1f * scale;

        TrailStepLength = 5 * scale;
        ForecastPathWidth = 2f * scale;
        SpreadRingWidth = 1f * scale;
        ForecastDash = 9 * scale;
        ForecastDashGap = 6 * scale;
        ForecastStroke = 2.2f * scale;
        ForecastMarkerRadius = 4f * scale;
        ForecastMarkerRing = 1.6f * scale;
        ArrowGap = 2 * scale;
        ArrowLength = 12 * scale;
        HorizonLabelGap = 8 * scale;
        StartRingRadius = 6 * scale;
        StartRingWidth = 2 * scale;
        StartLabelOffsetX = 10 * scale;
        EndLabelOffsetX = 12 * scale;
        PointLabelDrop = 4 * scale;
        PointCoreRadius = 8 * scale;
        PointGlowRadius = 36 * scale;
        ProfileStroke = 4f * scale;
        ProfileEndRadius = 6f * scale;

        StripPadding = 20 * scale;
        CaptionGap = 8 * scale;
        CaptionValueRise = 6 * scale;
        LineSpacing = 4 * scale;
        SectionGap = 26 * scale;
        SectionEndGap = 8 * scale;
        NoReadingGap = 14 * scale;
        QuadrantBarHeight = 10 * scale;
        QuadrantBarGap = 6 * scale;
        QuadrantColumnGap = 24 * scale;
        LegendDotRadius = 4 * scale;
        LegendTextIndent = 14 * scale;
        LegendEndGap = 16 * scale;
        PlotsTopGap = 10 * scale;
        HalfPlotSpacing = 10 * scale;
        PlotSpacing = 20 * scale;
        MinPlotHeight = 40 * scale;
        PlotTopGap = 2 * scale;
        TickLabelRoom = 14 * scale;
        TickLabelGap = 2 * scale;
        AxisLabelInset = 4 * scale;
        AxisLabelDrop = 2 * scale;
        SeriesWidth = 2f * scale;
        NewestDotRadius = 3f * scale;
        StripForecastDash = 5 * scale;
        StripForecastDashGap = 4 * scale;
        StripForecastStroke = 1.6f * scale;
        StripForecastMarkerRadius = 2.5f * scale;
        StripForecastMarkerRing = 1.2f * scale;
        LevelBlockHeight = 64 * scale;
        LevelGap = 8 * scale;
        LevelMeterHeight = 12 * scale;
        PeakMarkWidth = 2 * scale;
        PeakMarkOverhang = 2 * scale;
        FooterPadding = 10 * scale;
    }

    /// <summary>Size of text and strokes relative to the 1080p design (1 at 1920x1080, 2 at 3840x2160).</summary>
    public float Scale { get; }

    // The window.

    /// <summary>Outer margin of the window, and between the circumplex and the strip.</summary>
    public float WindowMargin { get; }

    /// <summary>Room around the circle for the affect terms.</summary>
    public float TermMargin { get; }

    /// <summary>Narrowest side strip.</summary>
    public float StripMinWidth { get; }

    /// <summary>Widest side strip.</summary>
    public float StripMaxWidth { get; }

    // The circumplex: captions and affect terms.

    /// <summary>How far the axis captions sit in from the rim (valence) or beside the axis (arousal).</summary>
    public float AxisCaptionInset { get; }

    /// <summary>Baseline of "valence" below the horizontal axis.</summary>
    public float ValenceCaptionDrop { get; }

    /// <summary>Baseline of "arousal" below the top of the circle.</summary>
    public float ArousalCaptionDrop { get; }

    /// <summary>Distance from the rim to a term's label.</summary>
    public float TermLabelGap { get; }

    /// <summary>Space kept between two terms' labels.</summary>
    public float TermLabelPadding { get; }

    /// <summary>A term's dot on the rim.</summary>
    public float TermDotRadius { get; }

    /// <summary>The dot of the term the current reading is named after.</summary>
    public float CurrentTermDotRadius { get; }

    /// <summary>The line from a displaced label back to its dot.</summary>
    public float TermLeaderWidth { get; }

    // The circumplex: trail, forecast and point.

    /// <summary>The line of a profile drawn with the mouse.</summary>
    public float ProfileStroke { get; }

    /// <summary>The discs marking where a drawn profile starts and ends.</summary>
    public float ProfileEndRadius { get; }

    /// <summary>Length of one straight piece of the smoothed trail.</summary>
    public float TrailStepLength { get; }

    /// <summary>Width of the forecast path's points.</summary>
    public float ForecastPathWidth { get; }

    /// <summary>The ring around a forecast point's uncertainty disc.</summary>
    public float SpreadRingWidth { get; }

    /// <summary>A dash of the forecast path.</summary>
    public float ForecastDash { get; }

    /// <summary>The gap between dashes of the forecast path.</summary>
    public float ForecastDashGap { get; }

    /// <summary>Stroke of the forecast's dashes and arrow head.</summary>
    public float ForecastStroke { get; }

    /// <summary>The hollow marker at each forecast point.</summary>
    public float ForecastMarkerRadius { get; }

    /// <summary>The ring of a forecast marker.</summary>
    public float ForecastMarkerRing { get; }

    /// <summary>Space between the last marker and the arrow head's tip.</summary>
    public float ArrowGap { get; }

    /// <summary>Length of the forecast's arrow head.</summary>
    public float ArrowLength { get; }

    /// <summary>Space between the last marker and the horizon label ("+2.0 s").</summary>
    public float HorizonLabelGap { get; }

    /// <summary>The ring at the first reading of a summary.</summary>
    public float StartRingRadius { get; }

    /// <summary>Stroke of the start ring.</summary>
    public float StartRingWidth { get; }

    /// <summary>"start" to the right of its ring.</summary>
    public float StartLabelOffsetX { get; }

    /// <summary>"end" to the right of the point.</summary>
    public float EndLabelOffsetX { get; }

    /// <summary>Baseline of "start" and "end" below their point.</summary>
    public float PointLabelDrop { get; }

    /// <summary>The bright core of the current point.</summary>
    public float PointCoreRadius { get; }

    /// <summary>The glow around the current point.</summary>
    public float PointGlowRadius { get; }

    // The side strip.

    /// <summary>Inner padding of the strip.</summary>
    public float StripPadding { get; }

    /// <summary>Below a caption's baseline, before what it names.</summary>
    public float CaptionGap { get; }

    /// <summary>How far a value written at a caption's right edge sits above the caption's bottom.</summary>
    public float CaptionValueRise { get; }

    /// <summary>Added to a font's line height between lines.</summary>
    public float LineSpacing { get; }

    /// <summary>Between two sections of the strip's header ("NOW" and "NEXT").</summary>
    public float SectionGap { get; }

    /// <summary>Below the last line of the header.</summary>
    public float SectionEndGap { get; }

    /// <summary>Below the dash shown while there is no reading yet.</summary>
    public float NoReadingGap { get; }

    /// <summary>The bar of time in each quadrant.</summary>
    public float QuadrantBarHeight { get; }

    /// <summary>Between the quadrant bar and its legend.</summary>
    public float QuadrantBarGap { get; }

    /// <summary>Room beside a legend entry when deciding on two columns.</summary>
    public float QuadrantColumnGap { get; }

    /// <summary>A legend entry's colour dot.</summary>
    public float LegendDotRadius { get; }

    /// <summary>A legend entry's text to the right of its column's start.</summary>
    public float LegendTextIndent { get; }

    /// <summary>Below the legend.</summary>
    public float LegendEndGap { get; }

    /// <summary>Between the header and the first plot.</summary>
    public float PlotsTopGap { get; }

    /// <summary>Half of <see cref="PlotSpacing"/>, taken from each plot's height.</summary>
    public float HalfPlotSpacing { get; }

    /// <summary>Between the arousal and the valence plot.</summary>
    public float PlotSpacing { get; }

    /// <summary>Below this height the plots are left out.</summary>
    public float MinPlotHeight { get; }

    /// <summary>Between a plot's (or the meter's) caption and its top.</summary>
    public float PlotTopGap { get; }

    /// <summary>Room under a plot for its time ticks.</summary>
    public float TickLabelRoom { get; }

    /// <summary>Between a plot's bottom and its tick labels' ascent.</summary>
    public float TickLabelGap { get; }

    /// <summary>The "+1"/"−1" labels in from the plot's left and bottom edges.</summary>
    public float AxisLabelInset { get; }

    /// <summary>The "+1" label below the plot's top.</summary>
    public float AxisLabelDrop { get; }

    /// <summary>Stroke of the arousal and valence series.</summary>
    public float SeriesWidth { get; }

    /// <summary>The dot on the newest reading of a series.</summary>
    public float NewestDotRadius { get; }

    /// <summary>A dash of the forecast continuing a series.</summary>
    public float StripForecastDash { get; }

    /// <summary>The gap between those dashes.</summary>
    public float StripForecastDashGap { get; }

    /// <summary>Stroke of those dashes.</summary>
    public float StripForecastStroke { get; }

    /// <summary>The ring at each forecast point of a series.</summary>
    public float StripForecastMarkerRadius { get; }

    /// <summary>Stroke of that ring.</summary>
    public float StripForecastMarkerRing { get; }

    /// <summary>Height kept for the input level block (caption and meter) in live mode.</summary>
    public float LevelBlockHeight { get; }

    /// <summary>Between the plots and the input level block.</summary>
    public float LevelGap { get; }

    /// <summary>The level meter's bar.</summary>
    public float LevelMeterHeight { get; }

    /// <summary>Width of the peak mark on the meter.</summary>
    public float PeakMarkWidth { get; }

    /// <summary>How far the peak mark reaches above and below the meter.</summary>
    public float PeakMarkOverhang { get; }

    /// <summary>Above the footer's lines.</summary>
    public float FooterPadding { get; }
}
