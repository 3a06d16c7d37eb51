using MusicEmotion.Audio.Decoding;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Decoding;

public sealed class WavFileSourceTests
{
    public static TheoryData<string, byte[], float[]> Encodings => new()
    {
        {
            "8-bit unsigned",
            TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 8000, 8)), TestWav.Chunk("data", [0, 64, 127, 128, 129, 255])),
            [-1f, -0.5f, -1f / 128, 0f, 1f / 128, 127f / 128]
        },
        {
            "16-bit",
            TestWav.Pcm16(44100, 1, [short.MinValue, -16384, -1, 0, 1, short.MaxValue]),
            [-1f, -0.5f, -1f / 32768, 0f, 1f / 32768, 32767f / 32768]
        },
        {
            "24-bit",
            TestWav.Riff(
                TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 96000, 24)),
                TestWav.Chunk("data", TestWav.Int24Bytes([-8388608, -1, 0, 1, 8388607]))),
            [-1f, -1f / 8388608, 0f, 1f / 8388608, (float)(8388607 / 8388608.0)]
        },
        {
            "32-bit",
            TestWav.Riff(
                TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 48000, 32)),
                TestWav.Chunk("data", TestWav.Int32Bytes([int.MinValue, -65536, 0, 65536, 1 << 30]))),
            [-1f, -1f / 32768, 0f, 1f / 32768, 0.5f]
        },
        {
            "float 32",
            TestWav.Float32(48000, 1, [-1f, -0.25f, 0f, 1e-30f, 0.75f]),
            [-1f, -0.25f, 0f, 1e-30f, 0.75f]
        },
        {
            "float 64",
            TestWav.Riff(
                TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.IeeeFloat, 1, 48000, 64)),
                TestWav.Chunk("data", TestWav.Float64Bytes([-1.0, 0.1, 0.0, 0.3, 2.0]))),
            [-1f, 0.1f, 0f, 0.3f, 2f]
        },
        {
            "extensible 24 valid bits in 32",
            TestWav.Riff(
                TestWav.Chunk("fmt ", TestWav.ExtensibleFormat(WavFormatTag.Pcm, 1, 48000, 32, 24)),
                TestWav.Chunk("data", TestWav.Int32Bytes([-8388608 << 8, 1 << 8, 4194304 << 8]))),
            [-1f, 1f / 8388608, 0.5f]
        },
        {
            "extensible float",
            TestWav.Riff(
                TestWav.Chunk("fmt ", TestWav.ExtensibleFormat(WavFormatTag.IeeeFloat, 1, 48000, 32, 32)),
                TestWav.Chunk("data", TestWav.Float32Bytes([0.125f, -0.5f]))),
            [0.125f, -0.5f]
        },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void DecodesEachEncodingWithThePowerOfTwoScale(string encoding, byte[] file, float[] expected)
    {
        using var source = new WavFileSource(new MemoryStream(file), encoding);
        Assert.Equal(expected, TestWav.ReadAll(source));
        Assert.Equal(expected.Length, source.LengthInFrames);
        Assert.Equal(0, source.NonFiniteSamplesReplaced);
    }

    [Fact]
    public void KeepsAnyChannelCountAndRateInterleaved()
    {
        short[] samples = Enumerable.Range(0, 6 * 100).Select(i => (short)(i * 37 - 11000)).ToArray();
        using var source = new WavFileSource(new MemoryStream(TestWav.Pcm16(12345, 6, samples)), "six.wav");
        Assert.Equal(new MusicEmotion.Audio.AudioFormat(12345, 6), source.Format);
        Assert.Equal(100, source.LengthInFrames);
        Assert.Equal(samples.Select(s => s / 32768f), TestWav.ReadAll(source, bufferFloats: 6 * 7));
    }

    [Fact]
    public void SkipsOtherChunksInAnyOrderWithTheirPadByte()
    {
        short[] samples = [100, -200, 300, -400];
        byte[] file = TestWav.Riff(
            TestWav.Chunk("LIST", "INFOISFT\x05\0\0\0sox!\0"u8.ToArray()),
            TestWav.Chunk("JUNK", new byte[7]),
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 2, 44100, 16)),
            TestWav.Chunk("fact", new byte[3]),
            TestWav.Chunk("data", TestWav.Int16Bytes(samples)),
            TestWav.Chunk("LIST", "INFOICMT\x03\0\0\0abc"u8.ToArray()));
        using var source = new WavFileSource(new MemoryStream(file), "chunks.wav");
        Assert.Equal(samples.Select(s => s / 32768f), TestWav.ReadAll(source));
    }

    [Fact]
    public void FindsTheFormatAfterTheDataWhenTheStreamCanSeek()
    {
        short[] samples = [1, 2, 3, -4, -5];
        byte[] file = TestWav.Riff(
            TestWav.Chunk("data", TestWav.Int16Bytes(samples)),
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 22050, 16)));
        using var source = new WavFileSource(new MemoryStream(file), "late-fmt.wav");
        Assert.Equal(22050, source.Format.SampleRate);
        Assert.Equal(samples.Select(s => s / 32768f), TestWav.ReadAll(source));
    }

    [Fact]
    public void APipeIsReadForwardOnly()
    {
        short[] samples = [5, -5, 50, -50];
        byte[] file = TestWav.Riff(
            TestWav.Chunk("LIST", new byte[101]),
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 44100, 16)),
            TestWav.Chunk("data", TestWav.Int16Bytes(samples), declaredSize: 0xFFFFFFFF));
        using var source = new WavFileSource(new ForwardOnlyStream(file), "pipe");
        Assert.Null(source.LengthInFrames);
        Assert.Equal(samples.Select(s => s / 32768f), TestWav.ReadAll(source));
    }

    [Fact]
    public void DataBeforeTheFormatOnAPipeCannotBeRead()
    {
        byte[] file = TestWav.Riff(
            TestWav.Chunk("data", TestWav.Int16Bytes([1, 2])),
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 44100, 16)));
        var error = Assert.Throws<MusicEmotion.Audio.AudioInputException>(() => new WavFileSource(new ForwardOnlyStream(file), "pipe"));
        Assert.Equal("pipe: the 'data' chunk comes before 'fmt ' and the stream cannot seek back to it, so the format cannot be found", error.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void AnOpenDataSizeRunsToTheEndOfTheFile(uint declared)
    {
        short[] samples = [7, -7, 700, -700, 7000, -7000];
        byte[] file = TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 2, 48000, 16)),
            TestWav.Chunk("data", TestWav.Int16Bytes(samples), declaredSize: declared));
        using var source = new WavFileSource(new MemoryStream(file), "streamed.wav");
        Assert.Null(source.Header.DataLength);
        Assert.Equal(3, source.LengthInFrames);
        Assert.Equal(samples.Select(s => s / 32768f), TestWav.ReadAll(source));
    }

    [Fact]
    public void ReadsRf64WithItsDs64DataLength()
    {
        short[] samples = [10, 20, 30, 40];
        byte[] file = TestWav.Rf64(
            samples.Length * 2,
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 1, 44100, 16)),
            TestWav.Chunk("data", TestWav.Int16Bytes(samples), declaredSize: 0xFFFFFFFF),
            TestWav.Chunk("LIST", new byte[8]));
        using var source = new WavFileSource(new MemoryStream(file), "big.rf64");
        Assert.True(source.Header.IsRf64);
        Assert.Equal(samples.Select(s => s / 32768f), TestWav.ReadAll(source));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(1000)]
    [InlineData(65536 * 3)]
    public void AnyBufferSizeGivesTheSameSamples(int bufferFloats)
    {
        short[] samples = Enumerable.Range(0, 2 * 50_000).Select(i => (short)((i * 7919) % 65536 - 32768)).ToArray();
        byte[] file = TestWav.Pcm16(44100, 2, samples);
        using var source = new WavFileSource(new MemoryStream(file), "buffers.wav");
        float[] decoded = TestWav.ReadAll(source, bufferFloats);
        Assert.Equal(samples.Length, decoded.Length);
        Assert.True(samples.Select(s => s / 32768f).SequenceEqual(decoded));
    }

    [Fact]
    public void ReplacesNonFiniteFloatsWithZeroAndCountsThem()
    {
        byte[] single = TestWav.Float32(48000, 1, [0.5f, float.NaN, float.PositiveInfinity, -0.25f, float.NegativeInfinity]);
        using (var source = new WavFileSource(new MemoryStream(single), "nan.wav"))
        {
            Assert.Equal([0.5f, 0f, 0f, -0.25f, 0f], TestWav.ReadAll(source));
            Assert.Equal(3, source.NonFiniteSamplesReplaced);
        }
        byte[] wide = TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.IeeeFloat, 1, 48000, 64)),
            TestWav.Chunk("data", TestWav.Float64Bytes([double.NaN, 1e300, 0.5])));
        using (var source = new WavFileSource(new MemoryStream(wide), "nan64.wav"))
        {
            Assert.Equal([0f, 0f, 0.5f], TestWav.ReadAll(source));
            Assert.Equal(2, source.NonFiniteSamplesReplaced);
        }
    }

    [Fact]
    public void FindsNonFiniteSamplesAnywhereInALongBuffer()
    {
        float[] samples = Signals.Noise(1000, seed: 8);
        int[] damaged = [0, 7, 8, 15, 16, 500, 991, 999];
        foreach (int at in damaged)
        {
            samples[at] = at % 2 == 0 ? float.NaN : float.NegativeInfinity;
        }
        using var source = new WavFileSource(new MemoryStream(TestWav.Float32(48000, 1, samples)), "damaged.wav");
        float[] decoded = TestWav.ReadAll(source);
        Assert.Equal(damaged.Length, source.NonFiniteSamplesReplaced);
        Assert.All(damaged, at => Assert.Equal(0f, decoded[at]));
        Assert.Equal(samples.Where(float.IsFinite), decoded.Where((_, i) => !damaged.Contains(i)));
    }

    [Fact]
    public void ReadAllocatesNothingAfterWarmUp()
    {
        byte[] file = TestWav.Pcm16(44100, 2, new short[2 * 200_000]);
        using var source = new WavFileSource(new MemoryStream(file), "quiet.wav");
        var buffer = new float[2048];
        (long bytes, long samples) = Allocations.During(60, _ => source.Read(buffer));
        Assert.Equal(0, bytes);
        Assert.Equal(60 * buffer.Length, samples);
    }

    [Fact]
    public void StreamsAThreeHourFileInConstantMemory()
    {
        // Three hours at 8 kHz (173 MB): long enough to show nothing grows with the file, short enough for a test run.
        const long Frames = 3L * 3600 * 8000;
        using var stream = new SyntheticWavStream(8000, channels: 1, Frames);
        using var source = new WavFileSource(stream, "three-hours.wav");
        Assert.Equal(Frames, source.LengthInFrames);
        var buffer = new float[4096];
        Assert.Equal(buffer.Length, source.Read(buffer));
        Assert.Equal(SyntheticWavStream.SampleAt(0) / 32768f, buffer[0]);
        long frames = buffer.Length;
        float last = 0;
        int read;
        // The first half warms up; over the second, reads must allocate nothing (less than a byte each in all,
        // which leaves room for the runtime's own one-off work on the thread, never for an object per read).
        while (frames < Frames / 2 && (read = source.Read(buffer)) > 0)
        {
            frames += read;
        }
        long reads = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        while ((read = source.Read(buffer)) > 0)
        {
            frames += read;
            reads++;
            last = buffer[read - 1];
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(allocated < reads, $"{allocated} bytes allocated over {reads} reads");
        Assert.Equal(Frames, frames);
        Assert.Equal(SyntheticWavStream.SampleAt(Frames - 1) / 32768f, last);
    }

    [SkippableFact]
    public void DecodesTheReferenceMusicExactlyAsSciPyDoes()
    {
        string reference = Requires.ReferenceData();
        Python.Require("numpy", "scipy.io.wavfile");
        using var folder = new TempFolder();
        string wav = Path.Combine(reference, "music", "knalgan_theme_stereo.wav");
        string npy = folder.File("expected.npy");
        Python.RunCode(
            "import sys, numpy as np, scipy.io.wavfile as w\n"
            + "rate, data = w.read(sys.argv[1])\n"
            + "assert data.dtype == np.int16\n"
            + "np.save(sys.argv[2], (data.astype(np.float32) / 32768).reshape(-1))\n",
            wav, npy);
        float[] expected = MusicEmotion.Features.NpyFile.Read(npy).Data;
        using WavFileSource source = WavFileSource.Open(wav);
        Assert.Equal(new MusicEmotion.Audio.AudioFormat(44100, 2), source.Format);
        float[] decoded = TestWav.ReadAll(source);
        Assert.Equal(expected.Length, decoded.Length);
        Assert.True(expected.AsSpan().SequenceEqual(decoded), "decoded samples differ from scipy's int16 / 32768");
    }

    /// <summary>A stream that says it cannot seek, as a pipe or standard input does.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
