using System.Buffers.Binary;
using System.Text;
using MusicEmotion.Audio.Decoding;

namespace MusicEmotion.Tests.Audio;

/// <summary>
/// Builds WAV files byte by byte, straight from the RIFF layout, so tests can make every shape a writer produces
/// (and every way it can be broken) without trusting the decoder under test.
/// </summary>
internal static class TestWav
{
    public static byte[] Format(ushort tag, int channels, int sampleRate, int bits, int? blockAlign = null)
    {
        int align = blockAlign ?? channels * ((bits + 7) / 8);
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        return body;
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE body whose sub-format GUID carries <paramref name="subTag"/> on the standard base.</summary>
    public static byte[] ExtensibleFormat(ushort subTag, int channels, int sampleRate, int containerBits, int validBits) =>
        ExtensibleFormat(new Guid($"{subTag:x8}-0000-0010-8000-00aa00389b71"), channels, sampleRate, containerBits, validBits);

    public static byte[] ExtensibleFormat(Guid subFormat, int channels, int sampleRate, int containerBits, int validBits)
    {
        var body = new byte[40];
        Format(WavFormatTag.Extensible, channels, sampleRate, containerBits).CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 2 ? 3u : 0u);
        subFormat.TryWriteBytes(body.AsSpan(24));
        return body;
    }

    /// <summary>A chunk with its header and, for an odd size, the pad byte; <paramref name="declaredSize"/> may lie.</summary>
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        var chunk = new byte[8 + body.Length + (body.Length & 1)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    public static byte[] Riff(params byte[][] chunks) => Container("RIFF", null, chunks);

    /// <summary>An RF64 file: its ds64 chunk states <paramref name="dataLength"/>; the data chunk's own size is 0xFFFFFFFF.</summary>
    public static byte[] Rf64(long dataLength, params byte[][] chunks)
    {
        var ds64 = new byte[28];
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(8), dataLength);
        return Container("RF64", 0xFFFFFFFF, [Chunk("ds64", ds64), .. chunks]);
    }

    public static byte[] Pcm16(int sampleRate, int channels, short[] samples) =>
        Riff(Chunk("fmt ", Format(WavFormatTag.Pcm, channels, sampleRate, 16)), Chunk("data", Int16Bytes(samples)));

    public static byte[] Float32(int sampleRate, int channels, float[] samples) =>
        Riff(Chunk("fmt ", Format(WavFormatTag.IeeeFloat, channels, sampleRate, 32)), Chunk("data", Float32Bytes(samples)));

    public static byte[] Int16Bytes(short[] samples) => Encode(samples, 2, BinaryPrimitives.WriteInt16LittleEndian);

    /// <summary>Packed 24-bit little-endian samples (the low three bytes of each int).</summary>
    public static byte[] Int24Bytes(int[] samples) => Encode(samples, 3, (bytes, value) =>
    {
        bytes[0] = (byte)value;
        bytes[1] = (byte)(value >> 8);
        bytes[2] = (byte)(value >> 16);
    });

    public static byte[] Int32Bytes(int[] samples) => Encode(samples, 4, BinaryPrimitives.WriteInt32LittleEndian);

    public static byte[] Float32Bytes(float[] samples) => Encode(samples, 4, BinaryPrimitives.WriteSingleLittleEndian);

    public static byte[] Float64Bytes(double[] samples) => Encode(samples, 8, BinaryPrimitives.WriteDoubleLittleEndian);

    /// <summary>Everything a source yields, read in buffers of <paramref name="bufferFloats"/>.</summary>
    public static float[] ReadAll(MusicEmotion.Audio.IAudioSource source, int bufferFloats = 4096)
    {
        var all = new List<float>();
        var buffer = new float[bufferFloats];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, read));
        }
        return [.. all];
    }

    /// <summary>Writes each sample with <paramref name="write"/> into the next <paramref name="width"/> bytes.</summary>
    private static byte[] Encode<T>(T[] samples, int width, SampleWriter<T> write)
    {
        var bytes = new byte[samples.Length * width];
        for (int i = 0; i < samples.Length; i++)
        {
            write(bytes.AsSpan(i * width, width), samples[i]);
        }
        return bytes;
    }

    private delegate void SampleWriter<in T>(Span<byte> destination, T value);

    /// <summary>
    /// Reads a source that must fail part-way: returns the error, with everything it delivered before it in
    /// <paramref name="decoded"/>.
    /// </summary>
    public static MusicEmotion.Audio.AudioInputException ReadUntilFailure(MusicEmotion.Audio.IAudioSource source, List<float> decoded)
    {
        var buffer = new float[1024];
        void ReadToTheEnd()
        {
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                decoded.AddRange(buffer.AsSpan(0, read));
            }
        }
        return Assert.Throws<MusicEmotion.Audio.AudioInputException>(ReadToTheEnd);
    }

    private static byte[] Container(string id, uint? declaredSize, byte[][] chunks)
    {
        int length = 12 + chunks.Sum(c => c.Length);
        var file = new byte[length];
        Encoding.ASCII.GetBytes(id).CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), declaredSize ?? (uint)(length - 8));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        int at = 12;
        foreach (byte[] chunk in chunks)
        {
            chunk.CopyTo(file, at);
            at += chunk.Length;
        }
        return file;
    }
}
