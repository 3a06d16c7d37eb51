using System.Runtime.InteropServices;
using MusicEmotion.Visualiser.Style;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>A vertex type that can describe its attribute layout to the bound vertex array.</summary>
public interface IVertexLayout
{
    static abstract void DescribeAttributes(GL gl);
}

/// <summary>
/// A vertex of an anti-aliased stroke or fill (shape shader): pixel position, colour, signed distance from
/// the stroke's centre line and the stroke's half width, both in pixels; the shader fades the last pixel.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct ShapeVertex(float X, float Y, Rgba Colour, float Edge, float HalfWidth) : IVertexLayout
{
    public static void DescribeAttributes(GL gl)
    {
        ArgumentNullException.ThrowIfNull(gl);
        const int stride = 8 * sizeof(float);
        Attribute(gl, 0, 2, stride, 0);
        Attribute(gl, 1, 4, stride, 2 * sizeof(float));
        Attribute(gl, 2, 2, stride, 6 * sizeof(float));
    }

    internal static void Attribute(GL gl, uint index, int components, int stride, int offset)
    {
        gl.EnableVertexAttribArray(index);
        gl.VertexAttribPointer(index, components, VertexAttribPointerType.Float, false, (uint)stride, offset);
    }
}

/// <summary>
/// A corner of a round sprite (sprite shader): pixel position, offset from the sprite's centre in pixels,
/// colour, and the shape: <see cref="SpriteShape"/> with its radius and width parameters.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SpriteVertex(float X, float Y, float Dx, float Dy, Rgba Colour, float Radius, float Width, float Shape)
    : IVertexLayout
{
    public static void DescribeAttributes(GL gl)
    {
        ArgumentNullException.ThrowIfNull(gl);
        const int stride = 11 * sizeof(float);
        ShapeVertex.Attribute(gl, 0, 4, stride, 0);
        ShapeVertex.Attribute(gl, 1, 4, stride, 4 * sizeof(float));
        ShapeVertex.Attribute(gl, 2, 3, stride, 8 * sizeof(float));
    }
}

/// <summary>The shapes the sprite shader draws; the numbers are the shader's.</summary>
public enum SpriteShape
{
    /// <summary>A filled disc of radius <c>Radius</c>.</summary>
    Disc = 0,

    /// <summary>A circle line of radius <c>Radius</c> and width <c>Width</c>.</summary>
    Ring = 1,

    /// <summary>A bright core of radius <c>Radius</c> in a soft halo reaching about <c>Width</c>.</summary>
    Glow = 2,
}

/// <summary>A corner of a glyph quad (text shader): pixel position, atlas texel position, colour.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct GlyphVertex(float X, float Y, float U, float V, Rgba Colour) : IVertexLayout
{
    public static void DescribeAttributes(GL gl)
    {
        ArgumentNullException.ThrowIfNull(gl);
        const int stride = 8 * sizeof(float);
        ShapeVertex.Attribute(gl, 0, 4, stride, 0);
        ShapeVertex.Attribute(gl, 1, 4, stride, 4 * sizeof(float));
    }
}
