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
        if (stream.CanSeek && headerLength > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"{name}: truncated .npy header: expected {headerLength} header bytes after the preamble");
        }
        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            throw new InvalidDataException($"{name}: truncated .npy header: expected {headerLength} header bytes after the preamble");
        }
        string header = Encoding.ASCII.GetString(headerBytes);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: expected little-endian float32 ('<f4'), header is {Printable(header)}");
        }
        if (!header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: Fortran-ordered arrays are not supported");
        }
        int[] shape = ParseShape(header, name);
        long count = 1;
        foreach (int d in shape)
        {
            // Checked against what the file can hold before anything is allocated: a corrupt shape costs nothing.
            count = d == 0 || count <= long.MaxValue / 8 / d ? count * d : long.MaxValue / 8;
        }
        long available = stream.CanSeek ? stream.Length - stream.Position : Array.MaxLength;
        if (count * sizeof(float) > available || count > Array.MaxLength / sizeof(float))
        {
            throw new InvalidDataException(
                $"{name}: truncated: shape ({string.Join(", ", shape)}) needs {count * sizeof(float)} bytes of float32 data but the file holds {available}");
        }
        var data = new float[count];
        int wanted = data.Length * sizeof(float);
        int got = stream.ReadAtLeast(MemoryMarshal.AsBytes(data.AsSpan()), wanted, throwOnEndOfStream: false);
        if (got < wanted)
        {
            throw new InvalidDataException($"{name}: truncated: shape ({string.Join(", ", shape)}) needs {wanted} bytes of float32 data but the file holds {got}");
        }
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
        string[] dims = header[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            if (!int.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new InvalidDataException($"{name}: .npy shape {Printable(header[open..(close + 1)])} has {Printable(dims[i])} where a dimension (0 or more) was expected");
            }
        }
        return shape;
    }

    /// <summary>Header text as an error message can quote it: one line, control characters as '?', at most 120 characters.</summary>
    private static string Printable(string text)
    {
        string line = string.Concat(text.Trim().Select(c => c is < ' ' or > '~' ? '?' : c));
        return line.Length > 120 ? line[..120] + "..." : line;
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
