using MusicEmotion.Native.FreeType;

namespace MusicEmotion.Visualiser.Text;

/// <summary>
/// Glyphs of one font rasterised by FreeType at a few pixel sizes and packed into one 8-bit coverage
/// bitmap, built once at start (and again only when the window's scale changes). Text is then drawn
/// as textured quads from this atlas, at exactly the size it was rasterised for, so it stays crisp.
/// </summary>
public sealed class FontAtlas
{
    /// <summary>Printable ASCII followed by the few other characters the view writes.</summary>
    public const string Characters =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
        + "·−±…→°µ•▲▼";

    private const int Padding = 1;
    private readonly FontSize[] _sizes;

    private FontAtlas(int width, int height, byte[] pixels, FontSize[] sizes, string fontPath)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
        _sizes = sizes;
        FontPath = fontPath;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Coverage, one byte per texel, rows top to bottom.</summary>
    public byte[] Pixels { get; }

    public string FontPath { get; }

    public int SizeCount => _sizes.Length;

    public FontSize Size(int index) => _sizes[index];

    /// <summary>Rasterises <see cref="Characters"/> of the font at each of <paramref name="pixelSizes"/>.</summary>
    public static FontAtlas Rasterise(string fontPath, ReadOnlySpan<int> pixelSizes)
    {
        if (!File.Exists(fontPath))
        {
            throw new FileNotFoundException($"font {fontPath} does not exist", fontPath);
        }
        using SafeFreeTypeLibraryHandle library = FreeTypeInterop.OpenLibrary();
        SafeFreeTypeFaceHandle face;
        try
        {
            face = FreeTypeInterop.OpenFace(library, fontPath);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"font {fontPath}: FreeType cannot read it as a font ({e.Message})", e);
        }
        using (face)
        {
            var bitmaps = new List<GlyphBitmap>();
            var sizes = new FontSize[pixelSizes.Length];
            for (int s = 0; s < pixelSizes.Length; s++)
            {
                int px = pixelSizes[s];
                ArgumentOutOfRangeException.ThrowIfLessThan(px, 4);
                FreeTypeInterop.SetPixelSize(face, px);
                var glyphs = new Glyph[Characters.Length];
                for (int i = 0; i < Characters.Length; i++)
                {
                    int codePoint = FreeTypeInterop.HasGlyph(face, Characters[i]) ? Characters[i] : '?';
                    RenderedGlyph rendered = FreeTypeInterop.RenderGlyph(face, codePoint);
                    var copy = new byte[rendered.Width * rendered.Rows];
                    for (int y = 0; y < rendered.Rows; y++)
                    {
                        rendered.Row(y).CopyTo(copy.AsSpan(y * rendered.Width));
                    }
                    bitmaps.Add(new GlyphBitmap(s, i, rendered.Width, rendered.Rows, copy));
                    glyphs[i] = new Glyph(0, 0, rendered.Width, rendered.Rows, rendered.Left, rendered.Top, rendered.Advance);
                }
                sizes[s] = new FontSize(px, FreeTypeInterop.LineMetrics(face), glyphs);
            }
            return Pack(bitmaps, sizes, fontPath);
        }
    }

    /// <summary>Shelf packing, tallest glyphs first, into a bitmap 1024 texels wide (wider for very large sizes).</summary>
    private static FontAtlas Pack(List<GlyphBitmap> bitmaps, FontSize[] sizes, string fontPath)
    {
        int widest = bitmaps.Max(b => b.Width) + (2 * Padding);
        int width = Math.Max(1024, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)widest));
        bitmaps.Sort((a, b) => b.Rows.CompareTo(a.Rows));
        int x = Padding, y = Padding, shelf = 0;
        var placed = new (int X, int Y)[bitmaps.Count];
        for (int i = 0; i < bitmaps.Count; i++)
        {
            GlyphBitmap b = bitmaps[i];
            if (x + b.Width + Padding > width)
            {
                x = Padding;
                y += shelf + Padding;
                shelf = 0;
            }
            placed[i] = (x, y);
            x += b.Width + Padding;
            shelf = Math.Max(shelf, b.Rows);
        }
        int height = y + shelf + Padding;
        var pixels = new byte[width * height];
        for (int i = 0; i < bitmaps.Count; i++)
        {
            GlyphBitmap b = bitmaps[i];
            (int gx, int gy) = placed[i];
            for (int row = 0; row < b.Rows; row++)
            {
                b.Pixels.AsSpan(row * b.Width, b.Width).CopyTo(pixels.AsSpan(((gy + row) * width) + gx));
            }
            Glyph[] glyphs = sizes[b.Size].Glyphs;
            glyphs[b.Index] = glyphs[b.Index] with { AtlasX = gx, AtlasY = gy };
        }
        return new FontAtlas(width, height, pixels, sizes, fontPath);
    }

    private sealed record GlyphBitmap(int Size, int Index, int Width, int Rows, byte[] Pixels);
}

/// <summary>
/// One rasterised glyph: its rectangle in the atlas, where it sits relative to the pen on the baseline
/// (<paramref name="Left"/> right, <paramref name="Top"/> up), and how far the pen then moves.
/// </summary>
public readonly record struct Glyph(int AtlasX, int AtlasY, int Width, int Height, int Left, int Top, float Advance);

/// <summary>The glyphs of one pixel size, and its line metrics.</summary>
public sealed class FontSize
{
    internal FontSize(int pixels, FontLineMetrics metrics, Glyph[] glyphs)
    {
        Pixels = pixels;
        Metrics = metrics;
        Glyphs = glyphs;
    }

    public int Pixels { get; }

    public FontLineMetrics Metrics { get; }

    internal Glyph[] Glyphs { get; }

    /// <summary>The glyph for <paramref name="c"/>; characters outside the atlas show as '?'.</summary>
    public ref readonly Glyph GlyphFor(char c)
    {
        int index = c is >= ' ' and <= '~' ? c - ' ' : FontAtlas.Characters.IndexOf(c, 95);
        return ref Glyphs[index < 0 ? '?' - ' ' : index];
    }

    /// <summary>Width of <paramref name="text"/> in pixels, as <c>TextBatch</c> lays it out.</summary>
    public float Measure(ReadOnlySpan<char> text)
    {
        float pen = 0;
        foreach (char c in text)
        {
            pen += GlyphFor(c).Advance;
        }
        return MathF.Round(pen);
    }
}
