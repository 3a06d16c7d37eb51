using System.Buffers.Binary;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Capture.Wasapi;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Capture.Wasapi;

/// <summary>
/// WASAPI packets as the capture callback gets them, made here byte by byte from known sines in each format the
/// audio engine delivers, and what comes out of the ring compared sample by sample with what those bytes mean.
/// </summary>
public sealed class WasapiPacketConverterTests
{
    private const int Rate = 48_000;
    private const int PacketFrames = 480;

    public static TheoryData<WavSampleEncoding, int> Formats()
    {
        var data = new TheoryData<WavSampleEncoding, int>();
        foreach (WavSampleEncoding encoding in new[]
                 { WavSampleEncoding.Float32, WavSampleEncoding.SignedInt16, WavSampleEncoding.SignedInt24, WavSampleEncoding.SignedInt32 })
        {
            foreach (int channels in new[] { 1, 2, 6 })
            {
                data.Add(encoding, channels);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormatAndChannelCountBecomesTheMeanOfItsChannelsExactly(WavSampleEncoding encoding, int channels)
    {
        var format = new WasapiPacketFormat(encoding, channels, Rate);
        var recording = new PacketRecording(format, frames: PacketFrames * 10 + 17);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 1);
        var converter = new WasapiPacketConverter(format, ring);

        for (int start = 0; start < recording.Bytes.Length; start += PacketFrames * format.BlockAlign)
        {
            int length = Math.Min(PacketFrames * format.BlockAlign, recording.Bytes.Length - start);
            converter.Write(recording.Bytes.AsSpan(start, length), WasapiBufferFlags.None, capturedTicks: start);
        }

        Assert.Equal(recording.ExpectedMono, Drain(ring));
        Assert.Equal(11, converter.Packets);
        Assert.Equal(0, converter.Discontinuities);
    }

    [Theory]
    [InlineData(WavSampleEncoding.SignedInt24, 6)]
    [InlineData(WavSampleEncoding.SignedInt16, 2)]
    [InlineData(WavSampleEncoding.Float32, 5)]
    public void PacketsCutInsideASampleOrAFrameGiveTheSameSamples(WavSampleEncoding encoding, int channels)
    {
        var format = new WasapiPacketFormat(encoding, channels, Rate);
        var recording = new PacketRecording(format, frames: 2000);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 1);
        var converter = new WasapiPacketConverter(format, ring);
        int[] cuts = [1, 2, 7, 333, 5, 1, 1000, 13];

        int offset = 0;
        for (int i = 0; offset < recording.Bytes.Length; i++)
        {
            int length = Math.Min(cuts[i % cuts.Length], recording.Bytes.Length - offset);
            converter.Write(recording.Bytes.AsSpan(offset, length), WasapiBufferFlags.None, capturedTicks: i);
            offset += length;
        }

        Assert.Equal(recording.ExpectedMono, Drain(ring));
    }

    [Fact]
    public void ASilentPacketIsZerosOfItsLengthWhateverItsBytesHold()
    {
        var format = new WasapiPacketFormat(WavSampleEncoding.Float32, 2, Rate);
        var recording = new PacketRecording(format, frames: PacketFrames * 3);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 1);
        var converter = new WasapiPacketConverter(format, ring);
        int packetBytes = PacketFrames * format.BlockAlign;

        converter.Write(recording.Bytes.AsSpan(0, packetBytes), WasapiBufferFlags.None, 1);
        converter.Write(recording.Bytes.AsSpan(packetBytes, packetBytes), WasapiBufferFlags.Silent, 2);
        converter.Write(recording.Bytes.AsSpan(2 * packetBytes, packetBytes), WasapiBufferFlags.None, 3);

        float[] expected = (float[])recording.ExpectedMono.Clone();
        Array.Clear(expected, PacketFrames, PacketFrames);
        Assert.Contains(recording.ExpectedMono.AsSpan(PacketFrames, PacketFrames).ToArray(), v => v != 0);
        Assert.Equal(expected, Drain(ring));
        Assert.Equal(1, converter.SilentPackets);
    }

    [Fact]
    public void ADiscontinuityIsCountedAndItsPacketKeptWithItsOwnStamp()
    {
        var format = new WasapiPacketFormat(WavSampleEncoding.SignedInt16, 2, Rate);
        var recording = new PacketRecording(format, frames: PacketFrames * 2);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 1);
        var converter = new WasapiPacketConverter(format, ring);
        int packetBytes = PacketFrames * format.BlockAlign;

        converter.Write(recording.Bytes.AsSpan(0, packetBytes), WasapiBufferFlags.None, capturedTicks: 10);
        converter.Write(
            recording.Bytes.AsSpan(packetBytes, packetBytes), WasapiBufferFlags.DataDiscontinuity | WasapiBufferFlags.TimestampError, capturedTicks: 20);

        Assert.Equal(1, converter.Discontinuities);
        Assert.Equal(2, converter.Packets);
        var block = new float[ring.MaxBlockSamples];
        Assert.True(ring.TryRead(block, out int length, out long ticks));
        Assert.Equal((PacketFrames, 10L), (length, ticks));
        Assert.True(ring.TryRead(block, out length, out ticks));
        Assert.Equal((PacketFrames, 20L), (length, ticks));
        Assert.Equal(recording.ExpectedMono.AsSpan(PacketFrames).ToArray(), block[..length]);
    }

    [Fact]
    public void NonFiniteFloatsBecomeSilenceAndAreCounted()
    {
        var format = new WasapiPacketFormat(WavSampleEncoding.Float32, 1, Rate);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 1);
        var converter = new WasapiPacketConverter(format, ring);
        byte[] packet = new byte[16];
        float[] values = [0.25f, float.NaN, float.PositiveInfinity, -0.5f];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(packet.AsSpan(4 * i), values[i]);
        }

        converter.Write(packet, WasapiBufferFlags.None, 0);

        Assert.Equal([0.25f, 0f, 0f, -0.5f], Drain(ring));
        Assert.Equal(2, converter.RepairedSamples);
    }

    [Fact]
    public void APacketThatDoesNotFitIsDroppedAsAnOverrun()
    {
        var format = new WasapiPacketFormat(WavSampleEncoding.Float32, 2, Rate);
        var recording = new PacketRecording(format, frames: PacketFrames);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 0.05);
        var converter = new WasapiPacketConverter(format, ring);

        for (int i = 0; i < 20; i++)
        {
            converter.Write(recording.Bytes, WasapiBufferFlags.None, i);
        }

        Assert.True(ring.Overruns > 0);
        Assert.Equal(ring.Overruns * PacketFrames, ring.DroppedFrames);
        Assert.Equal(20, converter.Packets);
    }

    [Fact]
    public void PacketsAllocateNothingOnceWarm()
    {
        var format = new WasapiPacketFormat(WavSampleEncoding.SignedInt24, 6, Rate);
        var recording = new PacketRecording(format, frames: PacketFrames);
        var ring = WasapiPacketConverter.CreateRing(format, seconds: 1);
        var converter = new WasapiPacketConverter(format, ring);
        var block = new float[ring.MaxBlockSamples];
        void Packet(int i)
        {
            converter.Write(recording.Bytes, i % 7 == 0 ? WasapiBufferFlags.Silent : WasapiBufferFlags.None, i);
            while (ring.TryRead(block, out _, out _))
            {
            }
        }
        for (int i = 0; i < 100; i++)
        {
            Packet(i);
        }

        const int Packets = 2000;
        (long allocated, _) = Allocations.During(Packets, i =>
        {
            Packet(i);
            return 0;
        });

        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Packets} packets");
    }

    [Theory]
    [InlineData(0x0003, 32, 8, WavSampleEncoding.Float32)]
    [InlineData(0x0001, 16, 4, WavSampleEncoding.SignedInt16)]
    [InlineData(0x0001, 24, 6, WavSampleEncoding.SignedInt24)]
    public void APlainWaveFormatNamesItsEncoding(int tag, int bits, int blockAlign, WavSampleEncoding expected)
    {
        WasapiPacketFormat format = WasapiPacketFormat.FromWaveFormat("Speakers", tag, 2, Rate, bits, blockAlign);
        Assert.Equal(new WasapiPacketFormat(expected, 2, Rate), format);
    }

    [Fact]
    public void AnExtensibleWaveFormatIsReadFromItsSubFormat()
    {
        var ieeeFloat = new Guid("00000003-0000-0010-8000-00aa00389b71");
        var pcm = new Guid("00000001-0000-0010-8000-00aa00389b71");

        Assert.Equal(
            new WasapiPacketFormat(WavSampleEncoding.Float32, 8, Rate),
            WasapiPacketFormat.FromWaveFormat("Speakers", 0xFFFE, 8, Rate, 32, 32, ieeeFloat));
        // 24 valid bits in a 32-bit container read as 32-bit PCM: the low byte is zero.
        Assert.Equal(
            new WasapiPacketFormat(WavSampleEncoding.SignedInt32, 2, Rate),
            WasapiPacketFormat.FromWaveFormat("Line In", 0xFFFE, 2, Rate, 32, 8, pcm));
    }

    [Fact]
    public void AFormatWeDoNotReadIsOneLineNamingTheDevice()
    {
        var error = Assert.Throws<AudioInputException>(
            () => WasapiPacketFormat.FromWaveFormat("Microphone (USB)", 0xFFFE, 2, Rate, 32, 8, Guid.Parse("00000092-0000-0010-8000-00aa00389b71")));
        Assert.StartsWith("Microphone (USB): delivers a format this program does not read", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);

        var misaligned = Assert.Throws<AudioInputException>(() => WasapiPacketFormat.FromWaveFormat("Line In", 0x0001, 2, Rate, 16, 6));
        Assert.Contains("block align of 6 bytes", misaligned.Message, StringComparison.Ordinal);
    }

    private static float[] Drain(CaptureRing ring)
    {
        var block = new float[ring.MaxBlockSamples];
        var samples = new List<float>();
        while (ring.TryRead(block, out int length, out _))
        {
            samples.AddRange(block[..length]);
        }
        return [.. samples];
    }

    /// <summary>
    /// A packet stream as the audio engine would hand it over: a different sine per channel (so a channel taken
    /// twice or swapped changes the mean), quantised to the format and written little-endian, and the mono samples
    /// those bytes stand for (integers scaled by 2^-(bits-1), channels summed in order and divided by their count).
    /// </summary>
    private sealed class PacketRecording
    {
        public PacketRecording(WasapiPacketFormat format, int frames)
        {
            Bytes = new byte[frames * format.BlockAlign];
            ExpectedMono = new float[frames];
            for (int frame = 0; frame < frames; frame++)
            {
                float sum = 0f;
                for (int channel = 0; channel < format.Channels; channel++)
                {
                    double value = 0.8 * Math.Sin(2 * Math.PI * (220.0 * (channel + 1)) * frame / Rate + channel);
                    int offset = (frame * format.Channels + channel) * format.BytesPerSample;
                    sum += Encode(format.Encoding, value, Bytes.AsSpan(offset));
                }
                ExpectedMono[frame] = format.Channels == 1 ? sum : sum / format.Channels;
            }
        }

        public byte[] Bytes { get; }

        public float[] ExpectedMono { get; }

        /// <summary>Writes <paramref name="value"/> in the encoding and returns the float it stands for.</summary>
        private static float Encode(WavSampleEncoding encoding, double value, Span<byte> destination)
        {
            switch (encoding)
            {
                case WavSampleEncoding.Float32:
                    BinaryPrimitives.WriteSingleLittleEndian(destination, (float)value);
                    return (float)value;
                case WavSampleEncoding.SignedInt16:
                    short s16 = (short)Math.Round(value * short.MaxValue);
                    BinaryPrimitives.WriteInt16LittleEndian(destination, s16);
                    return s16 / 32768f;
                case WavSampleEncoding.SignedInt24:
                    int s24 = (int)Math.Round(value * 8_388_607);
                    destination[0] = (byte)s24;
                    destination[1] = (byte)(s24 >> 8);
                    destination[2] = (byte)(s24 >> 16);
                    return s24 / 8_388_608f;
                case WavSampleEncoding.SignedInt32:
                    int s32 = (int)Math.Round(value * int.MaxValue);
                    BinaryPrimitives.WriteInt32LittleEndian(destination, s32);
                    return s32 * (1f / 2_147_483_648);
                default:
                    throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
            }
        }
    }
}
