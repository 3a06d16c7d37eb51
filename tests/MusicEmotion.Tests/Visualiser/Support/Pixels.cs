using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>Questions a test asks of a screenshot.</summary>
public static class Pixels
{
    /// <summary>Largest per-channel difference between a pixel and a colour.</summary>
    public static int Distance((byte R, byte G, byte B, byte A) pixel, Rgba colour) =>
        Math.Max(Math.Abs(pixel.R - To8(colour.R)), Math.Max(Math.Abs(pixel.G - To8(colour.G)), Math.Abs(pixel.B - To8(colour.B))));

    /// <summary>Largest per-channel difference between the same pixel of two images.</summary>
    public static int Difference(RgbaImage a, RgbaImage b, int x, int y)
    {
        var p = a[x, y];
        var q = b[x, y];
        return Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B)));
    }

    /// <summary>The largest difference between two images within <paramref name="radius"/> pixels of (x, y).</summary>
    public static int MaxDifferenceNear(RgbaImage a, RgbaImage b, float x, float y, int radius)
    {
        int worst = 0;
        ForEachNear(a, x, y, radius, (px, py) => worst = Math.Max(worst, Difference(a, b, px, py)));
        return worst;
    }

    /// <summary>Centroid of the pixels within <paramref name="tolerance"/> of <paramref name="colour"/>, or null if none.</summary>
    public static (float X, float Y, int Count)? Centroid(RgbaImage image, Rgba colour, int tolerance)
    {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (Distance(image[x, y], colour) <= tolerance)
                {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return n == 0 ? null : ((float)(sx / n), (float)(sy / n), n);
    }

    public static void ForEachNear(RgbaImage image, float x, float y, int radius, Action<int, int> visit)
    {
        for (int py = (int)y - radius; py <= (int)y + radius; py++)
        {
            for (int px = (int)x - radius; px <= (int)x + radius; px++)
            {
                if (px >= 0 && py >= 0 && px < image.Width && py < image.Height)
                {
                    visit(px, py);
                }
            }
        }
    }

    private static int To8(float v) => (int)MathF.Round(Math.Clamp(v, 0, 1) * 255);
}
