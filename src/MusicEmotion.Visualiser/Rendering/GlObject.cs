using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Owner of one OpenGL object name. GL objects belong to a context and can only be deleted on the thread
/// where it is current, so there is deliberately no finaliser: dispose them on the render thread, before
/// the context goes (destroying the context frees whatever was missed).
/// </summary>
public abstract class GlObject : IDisposable
{
    private bool _disposed;

    protected GlObject(GL gl, uint name, string kind)
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

    protected GL Gl { get; }

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
    public GlBuffer(GL gl)
        : base(gl, gl.GenBuffer(), "buffer")
    {
    }

    /// <summary>Bytes of storage allocated on the GPU.</summary>
    public nint CapacityBytes { get; private set; }

    /// <summary>Binds the buffer and overwrites its start with <paramref name="data"/>, growing the storage first if it is too small.</summary>
    public unsafe void Write<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        Gl.BindBuffer(BufferTargetARB.ArrayBuffer, Name);
        nint bytes = (nint)data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes > CapacityBytes)
        {
            // Doubling keeps reallocations to a handful over a session, whatever the longest track.
            CapacityBytes = Math.Max(bytes, CapacityBytes * 2);
            Gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)CapacityBytes, null, BufferUsageARB.DynamicDraw);
        }
        if (bytes > 0)
        {
            Gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, data);
        }
    }

    protected override void Delete() => Gl.DeleteBuffer(Name);
}

/// <summary>A vertex array object: the attribute layout of one vertex buffer.</summary>
public sealed class GlVertexArray : GlObject
{
    public GlVertexArray(GL gl)
        : base(gl, gl.GenVertexArray(), "vertex array")
    {
    }

    public void Bind() => Gl.BindVertexArray(Name);

    protected override void Delete() => Gl.DeleteVertexArray(Name);
}

/// <summary>A single-channel 8-bit texture (the glyph atlas).</summary>
public sealed class GlTexture : GlObject
{
    public unsafe GlTexture(GL gl, int width, int height, ReadOnlySpan<byte> pixels)
        : base(gl, gl.GenTexture(), "texture")
    {
        if (pixels.Length < checked(width * height))
        {
            throw new ArgumentException($"a {width}x{height} texture needs {width * height} bytes, got {pixels.Length}", nameof(pixels));
        }
        Width = width;
        Height = height;
        gl.BindTexture(TextureTarget.Texture2D, Name);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* p = pixels)
        {
            gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.R8, (uint)width, (uint)height, 0, PixelFormat.Red, PixelType.UnsignedByte, p);
        }
        // Glyphs are drawn at the size they were rasterised and snapped to pixels: nearest keeps them crisp.
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
    }

    public int Width { get; }

    public int Height { get; }

    public void Bind(int unit)
    {
        Gl.ActiveTexture(TextureUnit.Texture0 + unit);
        Gl.BindTexture(TextureTarget.Texture2D, Name);
    }

    protected override void Delete() => Gl.DeleteTexture(Name);
}
