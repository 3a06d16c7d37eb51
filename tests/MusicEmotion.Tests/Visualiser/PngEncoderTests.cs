using System.Diagnostics;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Tests.Visualiser;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute("IENDdata"u8), Crc32.Append(Crc32.Compute("IEND"u8), "data"u8));
    }

    [Fact]
    public void RoundTripsThroughAnIndependentDecoder()
    {
        RgbaImage image = TestImage(37, 23);
        byte[] png = PngEncoder.Encode(image);
        RgbaImage decoded = PngReader.Decode(png);
        Assert.Equal(image.Width, decoded.Width);
        Assert.Equal(image.Height, decoded.Height);
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void FlatScreenshotsCompressWell()
    {
        var pixels = new byte[400 * 300 * 4];
        for (int i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = 10;
            pixels[i + 1] = 14;
            pixels[i + 2] = 22;
            pixels[i + 3] = 255;
        }
        Assert.InRange(PngEncoder.Encode(new RgbaImage(400, 300, pixels)).Length, 1, 4000);
    }

    [Fact]
    public void UndoesPremultipliedAlphaAndFlipsTheRowsGlReturns()
    {
        // Two rows, bottom first as glReadPixels returns them: bottom opaque red, top half-transparent white.
        byte[] bottomUp = [255, 0, 0, 255, 128, 128, 128, 128];
        RgbaImage image = RgbaImage.FromFramebuffer(1, 2, bottomUp);
        Assert.Equal((255, 255, 255, 128), image[0, 0]);
        Assert.Equal((255, 0, 0, 255), image[0, 1]);
    }

    [SkippableFact]
    public void PillowReadsTheSamePixels()
    {
        string python = "/usr/bin/python3";
        Requires.That(File.Exists(python) && Run(python, "-c \"import PIL\"").ExitCode == 0, "Python 3 with Pillow (apt install python3-pil)");
        RgbaImage image = TestImage(64, 48);
        string dir = Directory.CreateTempSubdirectory("png-").FullName;
        try
        {
            string png = Path.Combine(dir, "test.png"), raw = Path.Combine(dir, "test.rgba");
            PngEncoder.Save(image, png);
            (int exit, string output) = Run(python, $"-c \"from PIL import Image; im = Image.open('{png}'); im.load(); assert im.mode == 'RGBA', im.mode; open('{raw}', 'wb').write(im.tobytes())\"");
            Assert.True(exit == 0, output);
            Assert.Equal(image.Pixels, File.ReadAllBytes(raw));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static RgbaImage TestImage(int width, int height)
    {
        var random = new Random(3);
        var pixels = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 4;
                // Gradients (Sub/Up/Paeth win) with noisy patches (None wins): every filter gets used.
                bool noisy = (x / 8 + y / 8) % 3 == 0;
                pixels[i] = noisy ? (byte)random.Next(256) : (byte)(x * 4);
                pixels[i + 1] = noisy ? (byte)random.Next(256) : (byte)(y * 5);
                pixels[i + 2] = (byte)((x + y) * 3);
                pixels[i + 3] = (byte)(255 - x);
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    private static (int ExitCode, string Output) Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
