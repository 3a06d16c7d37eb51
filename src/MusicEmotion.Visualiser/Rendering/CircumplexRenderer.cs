using MusicEmotion.Inference;
using MusicEmotion.Native.Gl;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Text;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Draws one frame of the view into the current framebuffer: clear, the circumplex backdrop, then the
/// terms, trail, forecast and point, then the side strip. The window and the offscreen renderer share it,
/// so a screenshot from <c>render</c> is what the live view shows. Render-thread only.
/// </summary>
public sealed class CircumplexRenderer : IDisposable
{
    private readonly GlInterop _gl;
    private readonly Canvas _canvas;
    private readonly CircumplexBackdrop _backdrop;
    private readonly CircumplexPainter _circumplex;
    private readonly StripPainter _strip;
    private readonly string _fontPath;
    private readonly Rgba _background;
    private ViewLayout _layout;
    private TermLabel[] _terms = [];
    private bool _hasLayout;

    public CircumplexRenderer(GlInterop gl, ViewOptions options)
    {
        ArgumentNullException.ThrowIfNull(gl);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _gl = gl;
        _fontPath = FontLocator.Find(options.FontPath);
        _background = options.Background;
        _canvas = new Canvas(gl, options.ShaderDirectory);
        try
        {
            _backdrop = new CircumplexBackdrop(gl, options.ShaderDirectory);
        }
        catch
        {
            _canvas.Dispose();
            throw;
        }
        _circumplex = new CircumplexPainter(options.TrailSeconds);
        _strip = new StripPainter(options.StripSeconds);
    }

    /// <summary>The layout of the last frame drawn.</summary>
    public ViewLayout Layout => _layout;

    /// <summary>Where each affect term was placed in the last frame.</summary>
    public ReadOnlySpan<TermLabel> Terms => _terms;

    /// <summary>Draws a frame of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public void Render(in SceneInput scene, int width, int height)
    {
        if (width < 1 || height < 1)
        {
            return;
        }
        UpdateLayout(width, height, scene.Settings.Shows(ViewOverlays.Strip));
        ViewPalette palette = ViewPalette.For(scene.Settings.Palette);

        _gl.Viewport(0, 0, width, height);
        _gl.Disable(GlInterop.DepthTest);
        _gl.Disable(GlInterop.CullFace);
        _gl.Enable(GlInterop.Blend);
        _gl.BlendFunc(GlInterop.One, GlInterop.OneMinusSrcAlpha);
        // Premultiplied clear colour, so a transparent background composites correctly.
        Rgba bg = _background;
        _gl.ClearColor(bg.R * bg.A, bg.G * bg.A, bg.B * bg.A, bg.A);
        _gl.Clear(GlInterop.ColorBufferBit);

        _backdrop.Draw(_layout, palette, scene.Settings.ColourMode);
        _canvas.Begin(width, height);
        _circumplex.Paint(_canvas, _layout, scene, palette, _terms);
        _strip.Paint(_canvas, _layout, scene, palette);
        _canvas.Flush();
    }

    public void Dispose()
    {
        _backdrop.Dispose();
        _canvas.Dispose();
    }

    /// <summary>New window size or strip toggled: lay out again, and re-rasterise the font if the text sizes changed.</summary>
    private void UpdateLayout(int width, int height, bool showStrip)
    {
        if (!_hasLayout || _layout.Width != width || _layout.Height != height || (_layout.Strip is not null) != showStrip)
        {
            Relayout(width, height, showStrip);
        }
    }

    /// <summary>
    /// The allocating part of <see cref="UpdateLayout"/>, kept in its own method: the lambda below makes the
    /// compiler allocate its closure on entry to the method that declares it, which must not be every frame.
    /// </summary>
    private void Relayout(int width, int height, bool showStrip)
    {
        _layout = ViewLayout.For(width, height, showStrip);
        _hasLayout = true;
        int[] sizes = _layout.AllFontPixels();
        FontAtlas? font = _canvas.Font;
        if (font is null || !Enumerable.Range(0, sizes.Length).All(i => font.Size(i).Pixels == sizes[i]))
        {
            _canvas.UseFont(FontAtlas.Rasterise(_fontPath, sizes));
        }
        FontSize small = _canvas.FontFor(TextStyle.Small);
        _terms = TermLabelLayout.Compute(
            _layout, Circumplex.Terms, name => small.Measure(name), MathF.Ceiling(small.Metrics.Ascender - small.Metrics.Descender));
    }
}
