using MusicEmotion.Visualiser.Imaging;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// A framebuffer object with one RGBA8 colour renderbuffer: somewhere to draw with no window, and to read
/// the pixels back from.
/// </summary>
public sealed class GlRenderTarget : IDisposable
{
    private readonly GL _gl;
    private readonly uint _framebuffer;
    private readonly uint _colour;

    public GlRenderTarget(GL gl, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(gl);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _gl = gl;
        Width = width;
        Height = height;
        _colour = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _colour);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.Rgba8, (uint)width, (uint)height);
        _framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0, RenderbufferTarget.Renderbuffer, _colour);
        GLEnum status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            Dispose();
            throw new InvalidOperationException(
                $"the driver cannot render offscreen at {width}x{height} (framebuffer status 0x{(uint)status:X4}); try a smaller size");
        }
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Makes this the framebuffer GL draws into and reads from.</summary>
    public void Bind() => _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);

    /// <summary>Copies the whole picture into framebuffer <paramref name="target"/> (0: the window) and leaves that bound.</summary>
    public void CopyTo(uint target)
    {
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, target);
        // Same size, colour only: a plain copy.
        _gl.BlitFramebuffer(0, 0, Width, Height, 0, 0, Width, Height, ClearBufferMask.ColorBufferBit, BlitFramebufferFilter.Nearest);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, target);
    }

    /// <summary>Waits for drawing to finish and reads the pixels back.</summary>
    public RgbaImage Capture()
    {
        Bind();
        return FramebufferCapture.Read(_gl, Width, Height);
    }

    public void Dispose()
    {
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        if (_framebuffer != 0)
        {
            _gl.DeleteFramebuffer(_framebuffer);
        }
        _gl.DeleteRenderbuffer(_colour);
    }
}
