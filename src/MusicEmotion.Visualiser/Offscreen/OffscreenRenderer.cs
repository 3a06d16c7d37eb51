using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Visualiser.Offscreen;

/// <summary>
/// The view's renderer and shaders drawing into a framebuffer object with no window: for the whole-track
/// summary of <c>render</c>, for tests, and for measuring frame time. Use it on one thread.
/// </summary>
public sealed class OffscreenRenderer : IDisposable
{
    private readonly OffscreenContext _context;
    private readonly GlRenderTarget _target;
    private readonly CircumplexRenderer _renderer;

    private OffscreenRenderer(OffscreenContext context, GlRenderTarget target, CircumplexRenderer renderer)
    {
        _context = context;
        _target = target;
        _renderer = renderer;
    }

    public int Width => _target.Width;

    public int Height => _target.Height;

    /// <summary>How the context was made and on which renderer.</summary>
    public string Description => _context.Description;

    /// <summary>The layout of the last frame.</summary>
    public ViewLayout Layout => _renderer.Layout;

    public ReadOnlySpan<TermLabel> Terms => _renderer.Terms;

    /// <summary>An offscreen renderer of <paramref name="width"/> x <paramref name="height"/> pixels, on <paramref name="context"/> (made here if null).</summary>
    public static OffscreenRenderer Create(int width, int height, ViewOptions options, OffscreenContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        context ??= OffscreenContext.Create();
        GlRenderTarget? target = null;
        try
        {
            target = new GlRenderTarget(context.Gl, width, height);
            return new OffscreenRenderer(context, target, new CircumplexRenderer(context.Gl, options));
        }
        catch
        {
            target?.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>Draws one frame into the framebuffer.</summary>
    public void Render(in SceneInput scene)
    {
        _target.Bind();
        _renderer.Render(scene, Width, Height);
    }

    /// <summary>Waits for the GPU to finish the frame (for timing) without reading it back.</summary>
    public void Finish() => _context.Gl.Finish();

    public RgbaImage Capture() => _target.Capture();

    /// <summary>The whole-track summary of <paramref name="readings"/>: the trail over the full track, the strip over its length.</summary>
    public RgbaImage RenderSummary(ReadOnlySpan<ViewReading> readings, ViewSettings settings, string? title, ViewStatus? status = null)
    {
        var current = readings.IsEmpty ? default : readings[^1].Point;
        double end = readings.IsEmpty ? 0 : readings[^1].StreamSeconds;
        Render(new SceneInput(readings, current, end, settings, SceneMode.Summary, status, title));
        return Capture();
    }

    public void Dispose()
    {
        _renderer.Dispose();
        _target.Dispose();
        _context.Dispose();
    }
}
