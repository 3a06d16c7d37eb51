using MusicEmotion.Native.Gl;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Owner of one OpenGL object name. GL objects belong to a context and can only be deleted on the thread
/// where it is current, so there is deliberately no finaliser: dispose them on the render thread, before
/// the context goes (destroying the context frees whatever was missed).
/// </summary>
public abstract class GlObject : IDisposable
{
    private bool _disposed;

    protected GlObject(GlInterop gl, uint name, string kind)
    {
        ArgumentNullException.ThrowIfNull(gl);
        if (name == 0)
        {
            throw new InvalidOperationException($"OpenGL could not create a {kind} (is a context current on this thread?)");
        }
        Gl = gl;
        Name = name;
    }

    public uint Name { get; }

    protected GlInterop Gl { get; }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Delete();
        GC.SuppressFinalize(this);
    }

    protected abstract void Delete();
}

/// <summary>A vertex buffer whose storage is allocated once (and grown rarely) and overwritten in place each frame.</summary>
public sealed class GlBuffer : GlObject
{
    public GlBuffer(GlInterop gl)
        : base(gl, gl.GenBuffer(), "buffer")
    {
    }

    /// <summary>Bytes of storage allocated on the GPU.</summary>
    public nint CapacityBytes { get; private set; }

    /// <summary>Binds the buffer and overwrites its start with <paramref name="data"/>, growing the storage first if it is too small.</summary>
    public void Write<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        Gl.BindBuffer(GlInterop.ArrayBuffer, Name);
        nint bytes = (nint)data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes > CapacityBytes)
        {
            // Doubling keeps reallocations to a handful over a session, whatever the longest track.
            CapacityBytes = Math.Max(bytes, CapacityBytes * 2);
            Gl.BufferStorage(GlInterop.ArrayBuffer, CapacityBytes, GlInterop.DynamicDraw);
        }
        if (bytes > 0)
        {
            Gl.BufferSubData(GlInterop.ArrayBuffer, 0, data);
        }
    }

    protected override void Delete() => Gl.DeleteBuffer(Name);
}

/// <summary>A vertex array object: the attribute layout of one vertex buffer.</summary>
public sealed class GlVertexArray : GlObject
{
    public GlVertexArray(GlInterop gl)
        : base(gl, gl.GenVertexArray(), "vertex array")
    {
    }

    public void Bind() => Gl.BindVertexArray(Name);

    protected override void Delete() => Gl.DeleteVertexArray(Name);
}

/// <summary>A single-channel 8-bit texture (the glyph atlas).</summary>
public sealed class GlTexture : GlObject
{
    public GlTexture(GlInterop gl, int width, int height, ReadOnlySpan<byte> pixels)
        : base(gl, gl.GenTexture(), "texture")
    {
        Width = width;
        Height = height;
        gl.BindTexture(GlInterop.Texture2D, Name);
        gl.PixelStore(GlInterop.UnpackAlignment, 1);
        gl.TexImage2D(GlInterop.Texture2D, 0, GlInterop.R8, width, height, GlInterop.Red, GlInterop.UnsignedByte, pixels);
        // Glyphs are drawn at the size they were rasterised and snapped to pixels: nearest keeps them crisp.
        gl.TexParameter(GlInterop.Texture2D, GlInterop.TextureMinFilter, GlInterop.Nearest);
        gl.TexParameter(GlInterop.Texture2D, GlInterop.TextureMagFilter, GlInterop.Nearest);
        gl.TexParameter(GlInterop.Texture2D, GlInterop.TextureWrapS, GlInterop.ClampToEdge);
        gl.TexParameter(GlInterop.Texture2D, GlInterop.TextureWrapT, GlInterop.ClampToEdge);
    }

    public int Width { get; }

    public int Height { get; }

    public void Bind(int unit)
    {
        Gl.ActiveTexture(GlInterop.Texture0 + (uint)unit);
        Gl.BindTexture(GlInterop.Texture2D, Name);
    }

    protected override void Delete() => Gl.DeleteTexture(Name);
}
