using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Text;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Draws one frame of the view into the current framebuffer. The window and the offscreen renderer share it,
/// so a screenshot from <c>render</c> is what the live view shows. Render-thread only.
/// </summary>
/// <remarks>
/// What does not move — background, the circumplex disc with its tints, rings and axes, the affect terms,
/// the strip's panel — is drawn once into an offscreen layer and copied in each frame (a blit costs about
/// as much as a clear); it is redrawn only when the size, palette, colour mode or an overlay changes. The
/// disc's per-pixel shading is the costliest thing the view draws, and on a software renderer (Mesa
/// llvmpipe) drawing it every frame alone would take most of the frame budget.
/// </remarks>
public sealed class CircumplexRenderer : IDisposable
{
    private readonly GL _gl;
    private readonly Canvas _canvas;
    private readonly CircumplexBackdrop _backdrop;
    private readonly CircumplexPainter _circumplex;
    private readonly StripPainter _strip;
    private readonly string _fontPath;
    private readonly Rgba _background;
    private ViewLayout _layout;
    private TermLabel[] _terms = [];
    private bool _hasLayout;
    private GlRenderTarget? _staticLayer;
    private StaticKey _staticKey;

    public CircumplexRenderer(GL gl, ViewOptions options)
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

    /// <summary>Draws a frame of <paramref name="width"/> x <paramref name="height"/> pixels into the bound framebuffer.</summary>
    public void Render(in SceneInput scene, int width, int height)
    {
        if (width < 1 || height < 1)
        {
            return;
        }
        uint target = (uint)_gl.GetInteger(GetPName.DrawFramebufferBinding);
        ViewSettings settings = scene.Settings;
        UpdateLayout(width, height, settings.Shows(ViewOverlays.Strip));
        ViewPalette palette = ViewPalette.For(settings.Palette);

        _gl.Viewport(0, 0, (uint)width, (uint)height);
        _gl.Disable(EnableCap.DepthTest);
        _gl.Disable(EnableCap.CullFace);
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);

        var key = new StaticKey(width, height, settings.Overlays & (ViewOverlays.Strip | ViewOverlays.Terms), settings.Palette, settings.ColourMode);
        if (_staticLayer is null || key != _staticKey)
        {
            DrawStaticLayer(key, settings, palette);
        }
        _staticLayer!.CopyTo(target);

        _canvas.Begin(width, height);
        _circumplex.Paint(_canvas, _layout, scene, palette, _terms);
        _strip.Paint(_canvas, _layout, scene, palette);
        _canvas.Flush();
    }

    public void Dispose()
    {
        _staticLayer?.Dispose();
        _backdrop.Dispose();
        _canvas.Dispose();
    }

    /// <summary>Redraws the layer that does not move into its own framebuffer.</summary>
    private void DrawStaticLayer(StaticKey key, ViewSettings settings, ViewPalette palette)
    {
        if (_staticLayer is null || _staticLayer.Width != key.Width || _staticLayer.Height != key.Height)
        {
            _staticLayer?.Dispose();
            _staticLayer = null;
            _staticLayer = new GlRenderTarget(_gl, key.Width, key.Height);
        }
        _staticLayer.Bind();
        // Premultiplied clear colour, so a transparent background composites correctly.
        Rgba bg = _background;
        _gl.ClearColor(bg.R * bg.A, bg.G * bg.A, bg.B * bg.A, bg.A);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        _backdrop.Draw(_layout, palette, settings.ColourMode);
        _canvas.Begin(key.Width, key.Height);
        CircumplexPainter.PaintStatic(_canvas, _layout, settings, palette, _terms);
        StripPainter.PaintStatic(_canvas, _layout, palette);
        _canvas.Flush();
        _staticKey = key;
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

    /// <summary>Everything the static layer depends on.</summary>
    private readonly record struct StaticKey(int Width, int Height, ViewOverlays Overlays, PaletteKind Palette, ColourMode ColourMode);
}
