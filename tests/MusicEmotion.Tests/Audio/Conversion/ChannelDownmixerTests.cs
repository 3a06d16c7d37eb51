using FsCheck;
using FsCheck.Fluent;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Conversion;

public sealed class ChannelDownmixerTests
{
    [Fact]
    public void EachOutputIsTheMeanOfItsFrame()
    {
        var stereo = new ChannelDownmixer(2);
        var mono = new float[3];
        Assert.Equal(3, stereo.Process([1f, 0f, 0.5f, -0.5f, -1f, -0.5f], mono));
        Assert.Equal([0.5f, 0f, -0.75f], mono);

        var surround = new ChannelDownmixer(3);
        Assert.Equal(1, surround.Process([0.3f, 0.6f, 0.9f], mono));
        Assert.Equal((0.3f + 0.6f + 0.9f) / 3, mono[0]);
    }

    [Fact]
    public void MonoIsCopied()
    {
        float[] input = Signals.Noise(100, seed: 2);
        var output = new float[100];
        Assert.Equal(100, new ChannelDownmixer(1).Process(input, output));
        Assert.Equal(input, output);
    }

    [Fact]
    public void CutsInsideAFrameDoNotChangeTheOutput()
    {
        float[] input = Signals.Noise(6 * 500, seed: 4);
        float[] whole = Downmix(6, input, [input.Length]);
        Arbitrary<int[]> chunkings = Gen.Choose(0, 40).ArrayOf().Where(sizes => sizes.Any(s => s > 0)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50), Prop.ForAll(chunkings, sizes => Downmix(6, input, sizes).SequenceEqual(whole)));
    }

    [Fact]
    public void ProcessAllocatesNothing()
    {
        var downmixer = new ChannelDownmixer(2);
        float[] input = Signals.Noise(1001, seed: 6);
        var output = new float[1000];
        (long bytes, long written) = Allocations.During(1000, _ => downmixer.Process(input, output));
        Assert.Equal(0, bytes);
        Assert.True(written > 0);
    }

    /// <summary>The reference says (L + R) / 2 of the stereo excerpt is within half an LSB of the mono one.</summary>
    [SkippableFact]
    public void TheStereoReferenceDownmixesToTheMonoReference()
    {
        string reference = Requires.ReferenceData();
        float[] stereo;
        float[] mono;
        using (WavFileSource source = WavFileSource.Open(Path.Combine(reference, "music", "knalgan_theme_stereo.wav")))
        {
            stereo = TestWav.ReadAll(source);
        }
        using (WavFileSource source = WavFileSource.Open(Path.Combine(reference, "music", "knalgan_theme.wav")))
        {
            mono = TestWav.ReadAll(source);
        }
        var downmixed = new float[stereo.Length / 2];
        Assert.Equal(mono.Length, new ChannelDownmixer(2).Process(stereo, downmixed));
        double worst = mono.Zip(downmixed, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 0.5 / 32768, $"worst difference {worst * 32768:F3} LSB");
    }

    private static float[] Downmix(int channels, float[] input, int[] chunkSizes)
    {
        var downmixer = new ChannelDownmixer(channels);
        var result = new List<float>();
        var buffer = new float[input.Length];
        int at = 0;
        for (int k = 0; at < input.Length; k++)
        {
            int size = Math.Min(chunkSizes[k % chunkSizes.Length], input.Length - at);
            result.AddRange(buffer.AsSpan(0, downmixer.Process(input.AsSpan(at, size), buffer)));
            at += size;
        }
        return [.. result];
    }
}
