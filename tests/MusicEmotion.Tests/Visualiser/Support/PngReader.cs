using System.Buffers.Binary;
using System.IO.Compression;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>
/// A small PNG decoder for 8-bit RGBA, non-interlaced files (what the encoder and the golden images are),
/// written separately from the encoder so the two check each other: it verifies every chunk's CRC with a
/// bit-by-bit CRC (not the encoder's table) and undoes all five filters.
/// </summary>
public static class PngReader
{
    public static RgbaImage Read(string path) => Decode(File.ReadAllBytes(path), path);

    public static RgbaImage Decode(byte[] png, string name = "png")
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException($"{name}: not a PNG");
        }
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        int at = 8;
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            if (crc != BitwiseCrc(png.AsSpan(at + 4, length + 4)))
            {
                throw new InvalidDataException($"{name}: bad CRC in {type}");
            }
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[9] != 6 || data[12] != 0)
                {
                    throw new InvalidDataException($"{name}: only 8-bit RGBA non-interlaced is supported");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }
            at += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        int stride = width * 4;
        var raw = new byte[(stride + 1) * height];
        zlib.ReadExactly(raw);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = raw[(y * (stride + 1)) + 1 + i];
                int a = i >= 4 ? pixels[(y * stride) + i - 4] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + i] : 0;
                int c = i >= 4 && y > 0 ? pixels[((y - 1) * stride) + i - 4] : 0;
                int p = a + b - c;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c,
                    _ => throw new InvalidDataException($"{name}: unknown filter {filter} on row {y}"),
                };
                pixels[(y * stride) + i] = (byte)(x + predictor);
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }
        return ~crc;
    }
}
