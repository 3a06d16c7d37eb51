using MusicEmotion.Audio;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Conversion;

public sealed class MonoResamplingSourceTests
{
    [Fact]
    public void AStereoFileComesOutAsTheResampledMeanOfItsChannels()
    {
        float[] left = Signals.Sine(440, 48000, 9000, 0.5);
        float[] right = Signals.Noise(9000, seed: 12, amplitude: 0.25);
        float[] interleaved = left.Zip(right, (l, r) => new[] { l, r }).SelectMany(frame => frame).ToArray();
        float[] mean = left.Zip(right, (l, r) => (l + r) / 2).ToArray();
        using var source = new MonoResamplingSource(new WavFileSource(new MemoryStream(TestWav.Float32(48000, 2, interleaved)), "stereo.wav"));
        Assert.Equal(new AudioFormat(44100, 1), source.Format);
        Assert.Equal(8269, source.LengthInFrames);
        float[] converted = TestWav.ReadAll(source, bufferFloats: 1000);
        Assert.Equal(PolyphaseResamplerTests.Resample(48000, 44100, mean, [mean.Length]), converted);
    }

    [Fact]
    public void ASourceAlreadyAtTheRateInMonoPassesThrough()
    {
        float[] samples = Signals.Noise(5000, seed: 13);
        using var source = new MonoResamplingSource(new WavFileSource(new MemoryStream(TestWav.Float32(44100, 1, samples)), "mono.wav"));
        Assert.Equal(samples, TestWav.ReadAll(source, bufferFloats: 777));
    }

    [Fact]
    public void CarriesTheCountOfReplacedSamples()
    {
        float[] samples = [0.1f, float.NaN, 0.2f, float.PositiveInfinity];
        using var source = new MonoResamplingSource(new WavFileSource(new MemoryStream(TestWav.Float32(48000, 1, samples)), "nan.wav"));
        TestWav.ReadAll(source);
        Assert.Equal(2, source.NonFiniteSamplesReplaced);
    }

    [Fact]
    public void ReadAllocatesNothingAfterWarmUp()
    {
        byte[] file = TestWav.Pcm16(48000, 2, new short[2 * 480_000]);
        using var source = new MonoResamplingSource(new WavFileSource(new MemoryStream(file), "long.wav"));
        var buffer = new float[1000];
        (long bytes, long total) = Allocations.During(100, _ => source.Read(buffer));
        Assert.Equal(0, bytes);
        Assert.Equal(100_000, total);
    }

    [SkippableFact]
    public void TheReferenceMusicAt48kHzBecomesTheAnalysisLength()
    {
        string reference = Requires.ReferenceData();
        using var source = new MonoResamplingSource(AudioFile.Open(Path.Combine(reference, "music", "sad_48k.wav")));
        Assert.Equal(FrameLayout.SampleRate, source.Format.SampleRate);
        Assert.Equal(24 * FrameLayout.FrameLength, source.LengthInFrames);
        Assert.Equal(24 * FrameLayout.FrameLength, TestWav.ReadAll(source).Length);
    }
}
