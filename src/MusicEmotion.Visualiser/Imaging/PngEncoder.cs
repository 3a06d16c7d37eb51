using System.Buffers.Binary;
using System.IO.Compression;

namespace MusicEmotion.Visualiser.Imaging;

/// <summary>
/// Writes an <see cref="RgbaImage"/> as a PNG (ISO/IEC 15948): signature, IHDR (8-bit RGBA, not
/// interlaced), one IDAT holding the zlib stream of the filtered rows, IEND. Each row takes the filter
/// (None, Sub, Up, Average or Paeth) with the smallest sum of absolute differences, the heuristic the
/// PNG specification suggests, which keeps screenshots of flat colour small.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Save(RgbaImage image, string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(image, file);
    }

    public static byte[] Encode(RgbaImage image)
    {
        using var memory = new MemoryStream();
        Write(image, memory);
        return memory.ToArray();
    }

    public static void Write(RgbaImage image, Stream output)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)image.Height);
        header[8] = 8;  // bit depth
        header[9] = 6;  // colour type: truecolour with alpha
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive, five filter types
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, Compress(image));
        WriteChunk(output, "IEND"u8, []);
    }

    private static byte[] Compress(RgbaImage image)
    {
        int stride = image.Width * 4;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var previous = new byte[stride];
            var candidate = new byte[stride];
            var best = new byte[stride];
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = image.Pixels.AsSpan(y * stride, stride);
                long bestScore = long.MaxValue;
                byte bestFilter = 0;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    long score = Filter(filter, row, previous, candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestFilter = filter;
                        candidate.CopyTo(best, 0);
                    }
                }
                zlib.WriteByte(bestFilter);
                zlib.Write(best);
                row.CopyTo(previous);
            }
        }
        return compressed.ToArray();
    }

    /// <summary>Applies a PNG filter to a row; returns the sum of the output bytes read as signed values.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> output)
    {
        const int bpp = 4;
        long score = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = above[i];
            int c = i >= bpp ? above[i - bpp] : 0;
            int predicted = filter switch
            {
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                4 => Paeth(a, b, c),
                _ => 0,
            };
            byte value = (byte)(row[i] - predicted);
            output[i] = value;
            int signed = (sbyte)value;
            score += signed < 0 ? -signed : signed;
        }
        return score;
    }

    /// <summary>The Paeth predictor: whichever of left, above, upper-left is nearest to left + above - upper-left.</summary>
    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(type), data));
        output.Write(word);
    }
}
