using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// Turns the little-endian bytes of a WAV data chunk into float samples. Integers are scaled by 2^-(bits-1)
/// (int16 / 32768, 8-bit (u - 128) / 128): the scale the reference features were computed with, and exact, since
/// a power-of-two scale adds no rounding beyond the int-to-float conversion itself.
/// </summary>
public static class WavSampleConverter
{
    /// <summary>Bytes one sample of <paramref name="encoding"/> occupies.</summary>
    public static int BytesPerSample(WavSampleEncoding encoding) => encoding switch
    {
        WavSampleEncoding.UnsignedInt8 => 1,
        WavSampleEncoding.SignedInt16 => 2,
        WavSampleEncoding.SignedInt24 => 3,
        WavSampleEncoding.SignedInt32 or WavSampleEncoding.Float32 => 4,
        WavSampleEncoding.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    /// <summary>
    /// Converts every whole sample in <paramref name="source"/> into <paramref name="destination"/>. NaN and
    /// infinite floats (and doubles beyond float range) become 0.0; the return value counts them.
    /// </summary>
    public static long Convert(WavSampleEncoding encoding, ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = source.Length / BytesPerSample(encoding);
        if (destination.Length < count)
        {
            throw new ArgumentException($"destination holds {destination.Length} samples, {count} needed", nameof(destination));
        }
        Span<float> output = destination[..count];
        switch (encoding)
        {
            case WavSampleEncoding.UnsignedInt8:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = (source[i] - 128) * (1f / 128);
                }
                return 0;
            case WavSampleEncoding.SignedInt16:
                ConvertInt16(source, output);
                return 0;
            case WavSampleEncoding.SignedInt24:
                for (int i = 0, b = 0; i < output.Length; i++, b += 3)
                {
                    int value = source[b] | (source[b + 1] << 8) | ((sbyte)source[b + 2] << 16);
                    output[i] = value * (1f / 8388608);
                }
                return 0;
            case WavSampleEncoding.SignedInt32:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]) * (1f / 2147483648);
                }
                return 0;
            case WavSampleEncoding.Float32:
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, float>(source)[..output.Length].CopyTo(output);
                }
                else
                {
                    for (int i = 0; i < output.Length; i++)
                    {
                        output[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                    }
                }
                return NonFiniteSamples.Replace(output);
            case WavSampleEncoding.Float64:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                }
                return NonFiniteSamples.Replace(output);
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
        }
    }

    /// <summary>
    /// 16-bit is what nearly every file holds, so it gets a SIMD path: on a little-endian machine the bytes already
    /// are the int16 values, widened to int32 and converted a vector at a time.
    /// </summary>
    private static void ConvertInt16(ReadOnlySpan<byte> source, Span<float> output)
    {
        int i = 0;
        if (BitConverter.IsLittleEndian && Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<short> values = MemoryMarshal.Cast<byte, short>(source)[..output.Length];
            var scale = new Vector<float>(1f / 32768);
            int width = Vector<short>.Count;
            for (; i + width <= values.Length; i += width)
            {
                Vector.Widen(new Vector<short>(values[i..]), out Vector<int> low, out Vector<int> high);
                (Vector.ConvertToSingle(low) * scale).CopyTo(output[i..]);
                (Vector.ConvertToSingle(high) * scale).CopyTo(output[(i + Vector<int>.Count)..]);
            }
        }
        for (; i < output.Length; i++)
        {
            output[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]) * (1f / 32768);
        }
    }
}
