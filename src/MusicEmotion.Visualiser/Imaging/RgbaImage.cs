namespace MusicEmotion.Visualiser.Imaging;

/// <summary>An 8-bit RGBA image, rows top to bottom, straight (not premultiplied) alpha.</summary>
public sealed class RgbaImage
{
    public RgbaImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * 4))
        {
            throw new ArgumentException($"{width}x{height} RGBA needs {width * height * 4} bytes, got {pixels.Length}", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    /// <summary>
    /// An image from what glReadPixels returned: rows bottom to top, premultiplied alpha (the renderer blends
    /// premultiplied). Flips the rows and divides the alpha back out.
    /// </summary>
    public static RgbaImage FromFramebuffer(int width, int height, ReadOnlySpan<byte> bottomUpPremultiplied)
    {
        int stride = width * 4;
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            bottomUpPremultiplied.Slice((height - 1 - y) * stride, stride).CopyTo(pixels.AsSpan(y * stride));
        }
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int a = pixels[i + 3];
            if (a is > 0 and < 255)
            {
                for (int c = 0; c < 3; c++)
                {
                    pixels[i + c] = (byte)Math.Min(255, ((pixels[i + c] * 255) + (a / 2)) / a);
                }
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    /// <summary>The pixel at (x, y), y counted from the top.</summary>
    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            int i = ((y * Width) + x) * 4;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }
    }
}
