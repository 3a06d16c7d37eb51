using MusicEmotion.Native.Gl;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// A framebuffer object with one RGBA8 colour renderbuffer: somewhere to draw with no window, and to read
/// the pixels back from.
/// </summary>
public sealed class GlRenderTarget : IDisposable
{
    private readonly GlInterop _gl;
    private readonly uint _framebuffer;
    private readonly uint _colour;

    public GlRenderTarget(GlInterop gl, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(gl);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _gl = gl;
        Width = width;
        Height = height;
        _colour = gl.GenRenderbuffer();
        gl.BindRenderbuffer(GlInterop.Renderbuffer, _colour);
        gl.RenderbufferStorage(GlInterop.Renderbuffer, GlInterop.Rgba8, width, height);
        _framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(GlInterop.Framebuffer, _framebuffer);
        gl.FramebufferRenderbuffer(GlInterop.Framebuffer, GlInterop.ColorAttachment0, GlInterop.Renderbuffer, _colour);
        uint status = gl.CheckFramebufferStatus(GlInterop.Framebuffer);
        if (status != GlInterop.FramebufferComplete)
        {
            Dispose();
            throw new InvalidOperationException(
                $"the driver cannot render offscreen at {width}x{height} (framebuffer status 0x{status:X4}); try a smaller size");
        }
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Makes this the framebuffer GL draws into and reads from.</summary>
    public void Bind() => _gl.BindFramebuffer(GlInterop.Framebuffer, _framebuffer);

    /// <summary>Copies the whole picture into framebuffer <paramref name="target"/> (0: the window) and leaves that bound.</summary>
    public void CopyTo(uint target)
    {
        _gl.BindFramebuffer(GlInterop.ReadFramebuffer, _framebuffer);
        _gl.BindFramebuffer(GlInterop.DrawFramebuffer, target);
        _gl.BlitFramebuffer(Width, Height);
        _gl.BindFramebuffer(GlInterop.Framebuffer, target);
    }

    /// <summary>Waits for drawing to finish and reads the pixels back.</summary>
    public RgbaImage Capture()
    {
        Bind();
        _gl.Finish();
        var pixels = new byte[Width * Height * 4];
        _gl.PixelStore(GlInterop.PackAlignment, 1);
        _gl.ReadPixels(0, 0, Width, Height, pixels);
        return RgbaImage.FromFramebuffer(Width, Height, pixels);
    }

    public void Dispose()
    {
        _gl.BindFramebuffer(GlInterop.Framebuffer, 0);
        if (_framebuffer != 0)
        {
            _gl.DeleteFramebuffer(_framebuffer);
        }
        _gl.DeleteRenderbuffer(_colour);
    }
}
