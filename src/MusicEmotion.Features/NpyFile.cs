using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MusicEmotion.Features;

/// <summary>
/// NumPy .npy version 1.0, little-endian float32, C order: the format the features command writes for the
/// training tools and the reference fixtures come in. Layout per the NumPy format spec (NEP 1): magic
/// "\x93NUMPY", version bytes, a uint16 header length, an ASCII dict header padded so data starts on a
/// 64-byte boundary.
/// </summary>
public static class NpyFile
{
    // 0x93 then "NUMPY"; not a u8 literal, which would UTF-8 encode 0x93 as two bytes.
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static NpyArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> preamble = stackalloc byte[10];
        if (stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false) < preamble.Length
            || !preamble[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{name}: not a .npy file (no \\x93NUMPY magic)");
        }
        if (preamble[6] != 1)
        {
            throw new InvalidDataException($"{name}: .npy version {preamble[6]}.{preamble[7]}, expected 1.0");
        }
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]);
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        string header = Encoding.ASCII.GetString(headerBytes);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: expected little-endian float32 ('<f4'), header is {header.Trim()}");
        }
        if (!header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: Fortran-ordered arrays are not supported");
        }
        int[] shape = ParseShape(header, name);
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }
        var data = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("big-endian hosts are not supported");
        }
        return new NpyArray(shape, data);
    }

    public static void Write(string path, ReadOnlySpan<float> data, params ReadOnlySpan<int> shape)
    {
        using var stream = File.Create(path);
        Write(stream, data, shape);
    }

    public static void Write(Stream stream, ReadOnlySpan<float> data, params ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }
        if (count != data.Length)
        {
            throw new ArgumentException($"shape holds {count} values but {data.Length} were given", nameof(data));
        }
        WriteHeader(stream, shape, HeaderLength(shape));
        stream.Write(MemoryMarshal.AsBytes(data));
    }

    /// <summary>Bytes before the data for <paramref name="shape"/> (a multiple of 64).</summary>
    internal static int HeaderLength(ReadOnlySpan<int> shape) => (10 + Dictionary(shape).Length + 1 + 63) / 64 * 64;

    /// <summary>Writes the preamble and the header dict, padded with spaces to <paramref name="totalLength"/>.</summary>
    internal static void WriteHeader(Stream stream, ReadOnlySpan<int> shape, int totalLength)
    {
        string dict = Dictionary(shape);
        int padding = totalLength - 10 - dict.Length - 1;
        if (padding < 0)
        {
            throw new ArgumentException($"a header for shape ({string.Join(", ", shape.ToArray())}) needs more than {totalLength} bytes");
        }
        string header = dict + new string(' ', padding) + "\n";
        Span<byte> preamble = stackalloc byte[10];
        Magic.CopyTo(preamble);
        preamble[6] = 1;
        preamble[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[8..], (ushort)header.Length);
        stream.Write(preamble);
        stream.Write(Encoding.ASCII.GetBytes(header));
    }

    private static string Dictionary(ReadOnlySpan<int> shape)
    {
        string dims = shape.Length == 1
            ? $"{shape[0]},"
            : string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));
        return $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
    }

    private static int[] ParseShape(string header, string name)
    {
        int key = header.IndexOf("'shape':", StringComparison.Ordinal);
        int open = key < 0 ? -1 : header.IndexOf('(', key);
        int close = open < 0 ? -1 : header.IndexOf(')', open);
        if (close < 0)
        {
            throw new InvalidDataException($"{name}: .npy header has no shape");
        }
        return header[(open + 1)..close]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
    }
}

/// <summary>
/// Writes a .npy file one row at a time, for arrays whose first dimension is not known until the end (the
/// frames of a long file): the header is written with room for any row count and patched on dispose.
/// </summary>
public sealed class NpyRowWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly int[] _rowShape;
    private readonly int _rowLength;
    private readonly int _headerLength;

    public NpyRowWriter(string path, params int[] rowShape)
    {
        _rowShape = rowShape ?? throw new ArgumentNullException(nameof(rowShape));
        _rowLength = rowShape.Aggregate(1, (a, b) => a * b);
        int[] largest = [int.MaxValue, .. rowShape];
        _headerLength = NpyFile.HeaderLength(largest);
        _stream = File.Create(path);
        _stream.Position = _headerLength;
    }

    public int Rows { get; private set; }

    public void Append(ReadOnlySpan<float> row)
    {
        if (row.Length != _rowLength)
        {
            throw new ArgumentException($"expected rows of {_rowLength} values, got {row.Length}", nameof(row));
        }
        _stream.Write(MemoryMarshal.AsBytes(row));
        Rows++;
    }

    public void Dispose()
    {
        _stream.Position = 0;
        NpyFile.WriteHeader(_stream, [Rows, .. _rowShape], _headerLength);
        _stream.Dispose();
    }
}

/// <summary>A float32 array read from a .npy file: its shape and its values in C order.</summary>
public sealed record NpyArray(int[] Shape, float[] Data)
{
    /// <summary>The values of entry <paramref name="index"/> along the first axis.</summary>
    public ReadOnlySpan<float> Row(int index)
    {
        int rowSize = Data.Length / Shape[0];
        return Data.AsSpan(index * rowSize, rowSize);
    }
}
