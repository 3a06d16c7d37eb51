using MusicEmotion.Native;
using MusicEmotion.Tests.Support;
using MusicEmotion.Visualiser.Text;

namespace MusicEmotion.Tests.Visualiser;

public sealed class FontAtlasTests
{
    [SkippableFact]
    public void RasterisesDejaVuSansAtEachSizeIntoOneAtlas()
    {
        string font = RequireFont();
        FontAtlas atlas = FontAtlas.Rasterise(font, [14, 44]);
        Assert.Equal(2, atlas.SizeCount);
        Assert.Equal(atlas.Width * atlas.Height, atlas.Pixels.Length);
        FontSize small = atlas.Size(0), large = atlas.Size(1);
        Assert.Equal(14, small.Pixels);
        Assert.True(small.Metrics.Ascender > 0 && small.Metrics.Descender < 0 && small.Metrics.LineHeight > small.Metrics.Ascender);

        Glyph a = large.GlyphFor('A');
        Assert.InRange(a.Height, 25, 44);
        Assert.True(Coverage(atlas, a) > a.Width * a.Height / 4, "the 'A' glyph has little ink");
        Glyph space = small.GlyphFor(' ');
        Assert.Equal(0, space.Width * space.Height);
        Assert.True(space.Advance > 0);
        Assert.True(small.Measure("WWWW") > small.Measure("iiii"));
        Assert.Equal(3 * large.Measure("ab"), large.Measure("ababab"), 2f);
        Assert.True(large.GlyphFor('−').Width > 0 && large.GlyphFor('·').Width > 0, "the minus and middle dot the view writes");
        Assert.Equal(small.GlyphFor('?'), small.GlyphFor('\u4E2D'));
    }

    [SkippableFact]
    public void AMissingOrBrokenFontIsNamedInTheError()
    {
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.FreeType), "the FreeType library (apt install libfreetype6)");
        var missing = Assert.Throws<FileNotFoundException>(() => FontAtlas.Rasterise("/nowhere/none.ttf", [12]));
        Assert.Contains("/nowhere/none.ttf", missing.Message, StringComparison.Ordinal);
        string notAFont = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notAFont, "this is not a font");
            var broken = Assert.Throws<InvalidDataException>(() => FontAtlas.Rasterise(notAFont, [12]));
            Assert.Contains(notAFont, broken.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notAFont);
        }
        var bad = Assert.Throws<FileNotFoundException>(() => FontLocator.Find("/nowhere/else.ttf"));
        Assert.Contains("/nowhere/else.ttf", bad.Message, StringComparison.Ordinal);
    }

    private static string RequireFont()
    {
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.FreeType), "the FreeType library (apt install libfreetype6)");
        string? font = null;
        try
        {
            font = FontLocator.Find();
        }
        catch (FileNotFoundException)
        {
        }
        Requires.That(font is not null, "the DejaVu Sans font (apt install fonts-dejavu-core)");
        Assert.EndsWith(FontLocator.FontFile, font!, StringComparison.Ordinal);
        return font!;
    }

    private static int Coverage(FontAtlas atlas, Glyph glyph)
    {
        int ink = 0;
        for (int y = 0; y < glyph.Height; y++)
        {
            for (int x = 0; x < glyph.Width; x++)
            {
                ink += atlas.Pixels[((glyph.AtlasY + y) * atlas.Width) + glyph.AtlasX + x] > 128 ? 1 : 0;
            }
        }
        return ink;
    }
}
