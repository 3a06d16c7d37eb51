using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Text;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>The text sizes of the view; <see cref="ViewLayout"/> gives each a pixel size for the window.</summary>
public enum TextStyle
{
    /// <summary>Affect terms, captions, the status line.</summary>
    Small,

    /// <summary>Values and secondary lines.</summary>
    Body,

    /// <summary>Section headings of the strip.</summary>
    Heading,

    /// <summary>The current label, large.</summary>
    Display,
}

/// <summary>Horizontal anchoring of a line of text at its x.</summary>
public enum TextAlign
{
    Left,
    Centre,
    Right,
}

/// <summary>A point of a polyline: position in pixels, colour, width in pixels.</summary>
public readonly record struct PathPoint(float X, float Y, Rgba Colour, float Width);

/// <summary>
/// A 2D canvas in window pixels (origin top left): strokes, fills, round sprites and text are collected
/// during a frame and drawn in three calls at <see cref="Flush"/>, shapes first, then sprites, then text.
/// Everything it draws is anti-aliased in the shaders; it allocates nothing once its buffers have grown.
/// </summary>
public sealed class Canvas : IDisposable
{
    private readonly GL _gl;
    private readonly GlProgram _shapeProgram;
    private readonly GlProgram _spriteProgram;
    private readonly GlProgram _textProgram;
    private readonly int _shapeViewport;
    private readonly int _spriteViewport;
    private readonly int _textViewport;
    private readonly int _textAtlasSize;
    private readonly int _textAtlas;
    private readonly VertexStream<ShapeVertex> _shapes;
    private readonly VertexStream<SpriteVertex> _sprites;
    private readonly VertexStream<GlyphVertex> _glyphs;
    private FontAtlas? _font;
    private GlTexture? _fontTexture;
    private float _width;
    private float _height;

    public Canvas(GL gl, string shaderDirectory)
    {
        _gl = gl;
        _shapeProgram = GlProgram.Load(gl, shaderDirectory, "shape");
        _spriteProgram = GlProgram.Load(gl, shaderDirectory, "sprite");
        _textProgram = GlProgram.Load(gl, shaderDirectory, "text");
        _shapeViewport = _shapeProgram.Uniform("uViewport");
        _spriteViewport = _spriteProgram.Uniform("uViewport");
        _textViewport = _textProgram.Uniform("uViewport");
        _textAtlasSize = _textProgram.Uniform("uAtlasSize");
        _textAtlas = _textProgram.Uniform("uAtlas");
        _shapes = new VertexStream<ShapeVertex>(gl, 16384);
        _sprites = new VertexStream<SpriteVertex>(gl, 1024);
        _glyphs = new VertexStream<GlyphVertex>(gl, 8192);
    }

    /// <summary>The font the canvas draws text with; null until <see cref="UseFont"/>.</summary>
    public FontAtlas? Font => _font;

    /// <summary>Uploads a glyph atlas; text styles map to its sizes in order.</summary>
    public void UseFont(FontAtlas atlas)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        _fontTexture?.Dispose();
        _fontTexture = new GlTexture(_gl, atlas.Width, atlas.Height, atlas.Pixels);
        _font = atlas;
    }

    public FontSize FontFor(TextStyle style) =>
        (_font ?? throw new InvalidOperationException("no font: call UseFont first")).Size((int)style);

    /// <summary>Starts a frame of the given size in pixels.</summary>
    public void Begin(int width, int height)
    {
        _width = width;
        _height = height;
        _shapes.Clear();
        _sprites.Clear();
        _glyphs.Clear();
    }

    /// <summary>A filled, pixel-aligned rectangle.</summary>
    public void Rect(float x, float y, float width, float height, Rgba colour)
    {
        const float solid = 1e6f;
        _shapes.AddQuad(
            new ShapeVertex(x, y, colour, 0, solid),
            new ShapeVertex(x + width, y, colour, 0, solid),
            new ShapeVertex(x + width, y + height, colour, 0, solid),
            new ShapeVertex(x, y + height, colour, 0, solid));
    }

    /// <summary>A straight stroke from (x0, y0) to (x1, y1), its colour going from c0 to c1.</summary>
    public void Line(float x0, float y0, float x1, float y1, float width, Rgba c0, Rgba c1)
    {
        float dx = x1 - x0, dy = y1 - y0;
        float length = MathF.Sqrt((dx * dx) + (dy * dy));
        if (length < 1e-3f)
        {
            return;
        }
        float half = width * 0.5f;
        float reach = half + 1f;
        float nx = -dy / length * reach, ny = dx / length * reach;
        _shapes.AddQuad(
            new ShapeVertex(x0 + nx, y0 + ny, c0, reach, half),
            new ShapeVertex(x1 + nx, y1 + ny, c1, reach, half),
            new ShapeVertex(x1 - nx, y1 - ny, c1, -reach, half),
            new ShapeVertex(x0 - nx, y0 - ny, c0, -reach, half));
    }

    /// <summary>A joined stroke through <paramref name="points"/>, with mitred corners (limited at sharp turns).</summary>
    public void Polyline(ReadOnlySpan<PathPoint> points)
    {
        if (points.Length < 2)
        {
            return;
        }
        Offset(points, 0, out float prevNx, out float prevNy, out float prevReach);
        for (int i = 1; i < points.Length; i++)
        {
            Offset(points, i, out float nx, out float ny, out float reach);
            PathPoint a = points[i - 1], b = points[i];
            float halfA = a.Width * 0.5f, halfB = b.Width * 0.5f;
            _shapes.AddQuad(
                new ShapeVertex(a.X + prevNx, a.Y + prevNy, a.Colour, prevReach, halfA),
                new ShapeVertex(b.X + nx, b.Y + ny, b.Colour, reach, halfB),
                new ShapeVertex(b.X - nx, b.Y - ny, b.Colour, -reach, halfB),
                new ShapeVertex(a.X - prevNx, a.Y - prevNy, a.Colour, -prevReach, halfA));
            prevNx = nx;
            prevNy = ny;
            prevReach = reach;
        }
    }

    public void Disc(float x, float y, float radius, Rgba colour) => Sprite(x, y, radius + 1f, colour, radius, 0, SpriteShape.Disc);

    public void Ring(float x, float y, float radius, float width, Rgba colour) =>
        Sprite(x, y, radius + (width * 0.5f) + 1f, colour, radius, width, SpriteShape.Ring);

    /// <summary>A glowing point: a bright core of <paramref name="coreRadius"/> in a halo about <paramref name="haloRadius"/> wide.</summary>
    public void Glow(float x, float y, float coreRadius, float haloRadius, Rgba colour) =>
        Sprite(x, y, MathF.Max(coreRadius, haloRadius * 1.3f) + 1f, colour, coreRadius, haloRadius, SpriteShape.Glow);

    /// <summary>Draws one line of text with its baseline at <paramref name="baseline"/>; returns its width in pixels.</summary>
    public float Text(ReadOnlySpan<char> text, float x, float baseline, TextStyle style, Rgba colour, TextAlign align = TextAlign.Left)
    {
        FontSize font = FontFor(style);
        float width = font.Measure(text);
        float pen = align switch
        {
            TextAlign.Centre => x - (width * 0.5f),
            TextAlign.Right => x - width,
            _ => x,
        };
        pen = MathF.Round(pen);
        float y = MathF.Round(baseline);
        foreach (char c in text)
        {
            ref readonly Glyph g = ref font.GlyphFor(c);
            if (g.Width > 0)
            {
                float gx = MathF.Round(pen) + g.Left, gy = y - g.Top;
                float u0 = g.AtlasX, v0 = g.AtlasY, u1 = g.AtlasX + g.Width, v1 = g.AtlasY + g.Height;
                _glyphs.AddQuad(
                    new GlyphVertex(gx, gy, u0, v0, colour),
                    new GlyphVertex(gx + g.Width, gy, u1, v0, colour),
                    new GlyphVertex(gx + g.Width, gy + g.Height, u1, v1, colour),
                    new GlyphVertex(gx, gy + g.Height, u0, v1, colour));
            }
            pen += g.Advance;
        }
        return width;
    }

    /// <summary>Draws what the frame collected: shapes, then sprites, then text.</summary>
    public void Flush()
    {
        _shapeProgram.Use();
        _gl.Uniform2(_shapeViewport, _width, _height);
        _shapes.Draw();
        _spriteProgram.Use();
        _gl.Uniform2(_spriteViewport, _width, _height);
        _sprites.Draw();
        if (_fontTexture is not null)
        {
            _textProgram.Use();
            _gl.Uniform2(_textViewport, _width, _height);
            _gl.Uniform2(_textAtlasSize, (float)_fontTexture.Width, _fontTexture.Height);
            _gl.Uniform1(_textAtlas, 0);
            _fontTexture.Bind(0);
            _glyphs.Draw();
        }
    }

    public void Dispose()
    {
        _fontTexture?.Dispose();
        _glyphs.Dispose();
        _sprites.Dispose();
        _shapes.Dispose();
        _textProgram.Dispose();
        _spriteProgram.Dispose();
        _shapeProgram.Dispose();
    }

    private void Sprite(float x, float y, float extent, Rgba colour, float radius, float width, SpriteShape shape)
    {
        float s = (float)shape;
        _sprites.AddQuad(
            new SpriteVertex(x - extent, y - extent, -extent, -extent, colour, radius, width, s),
            new SpriteVertex(x + extent, y - extent, extent, -extent, colour, radius, width, s),
            new SpriteVertex(x + extent, y + extent, extent, extent, colour, radius, width, s),
            new SpriteVertex(x - extent, y + extent, -extent, extent, colour, radius, width, s));
    }

    /// <summary>
    /// The offset from point <paramref name="i"/> to the left edge of the stroke (reach = half width plus the
    /// anti-aliasing pixel): perpendicular at the ends, along the mitre at corners, limited to 2.5x at sharp turns.
    /// </summary>
    private static void Offset(ReadOnlySpan<PathPoint> points, int i, out float nx, out float ny, out float reach)
    {
        reach = (points[i].Width * 0.5f) + 1f;
        Normal(points, Math.Max(i - 1, 0), Math.Max(i, 1), out float ax, out float ay);
        Normal(points, Math.Min(i, points.Length - 2), Math.Min(i + 1, points.Length - 1), out float bx, out float by);
        float mx = ax + bx, my = ay + by;
        float m = MathF.Sqrt((mx * mx) + (my * my));
        if (m < 1e-4f)
        {
            nx = bx * reach;
            ny = by * reach;
            return;
        }
        mx /= m;
        my /= m;
        float cos = (mx * bx) + (my * by);
        float scale = reach / MathF.Max(cos, 0.4f);
        nx = mx * scale;
        ny = my * scale;
    }

    private static void Normal(ReadOnlySpan<PathPoint> points, int from, int to, out float nx, out float ny)
    {
        float dx = points[to].X - points[from].X, dy = points[to].Y - points[from].Y;
        float length = MathF.Sqrt((dx * dx) + (dy * dy));
        if (length < 1e-4f)
        {
            nx = 0;
            ny = 0;
            return;
        }
        nx = -dy / length;
        ny = dx / length;
    }
}
