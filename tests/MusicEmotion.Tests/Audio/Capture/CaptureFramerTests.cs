using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Audio.Framing;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Capture;

public sealed class CaptureFramerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(480)]
    [InlineData(441)]
    [InlineData(64)]
    [InlineData(4096)]
    public void BlocksOfAnySizeGiveTheFramesOfTheFilePath(int blockFrames)
    {
        const int rate = 48_000;
        float[] stereo = StereoMusic(rate, seconds: 2.3);
        string file = _folder.Write("stereo48k.wav", TestWav.Float32(rate, 2, stereo));
        float[] expected = TestWav.ReadAll(new MonoResamplingSource(AudioFile.Open(file)));

        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new CaptureFramer(new AudioFormat(rate, 2), pool, blockFrames * 2);
        var frames = new List<AudioFrame>();
        long block = 0;
        for (int start = 0; start < stereo.Length; start += blockFrames * 2, block++)
        {
            framer.Push(stereo.AsSpan(start, Math.Min(blockFrames * 2, stereo.Length - start)), capturedTicks: block);
            while (framer.TryTakeFrame(out AudioFrame? frame))
            {
                // The stamp is the arrival of the block that completed the frame.
                Assert.Equal(block, frame.Timeline.Captured);
                frames.Add(frame);
            }
        }
        framer.Flush(capturedTicks: block);
        while (framer.TryTakeFrame(out AudioFrame? frame))
        {
            frames.Add(frame);
        }

        Assert.Equal(expected.Length / FrameLayout.FrameLength, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(i, frames[i].Sequence);
            Assert.Equal((long)i * FrameLayout.FrameLength, frames[i].StartSample);
            Assert.True(
                expected.AsSpan(i * FrameLayout.FrameLength, FrameLayout.FrameLength).SequenceEqual(frames[i].Samples),
                $"frame {i} differs from the file path's");
        }
        Assert.Equal(expected.Length % FrameLayout.FrameLength, framer.PendingSamples);
    }

    [Fact]
    public void AReconfiguredDeviceContinuesTheSequenceAndStreamTime()
    {
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new CaptureFramer(new AudioFormat(44_100, 1), pool, 4096);
        var frames = new List<AudioFrame>();
        PushAll(framer, new float[30_000], 4096, frames);
        framer.Reconfigure(new AudioFormat(48_000, 2), 960);
        PushAll(framer, new float[2 * 48_000], 960, frames);

        Assert.Equal([0L, 1L, 2L], frames.Select(f => f.Sequence));
        Assert.Equal([0L, 22_050L, 44_100L], frames.Select(f => f.StartSample));
        Assert.Equal(new AudioFormat(48_000, 2), framer.Format);
    }

    [Fact]
    public void TheNextFrameIsAnnouncedInDeviceFramesWithTheResamplersLookAhead()
    {
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var passThrough = new CaptureFramer(new AudioFormat(44_100, 2), pool, 2000);
        Assert.Equal(FrameLayout.FrameLength, passThrough.DeviceFramesUntilFrame);
        passThrough.Push(new float[2 * 1000], 0);
        Assert.Equal(FrameLayout.FrameLength - 1000, passThrough.DeviceFramesUntilFrame);

        var resampling = new CaptureFramer(new AudioFormat(48_000, 1), pool, 960);
        int lookAhead = new ResamplerDesign(48_000, 44_100).TapsPerPhase / 2;
        Assert.Equal(24_000 + lookAhead, resampling.DeviceFramesUntilFrame);
    }

    [Fact]
    public void ConvertingABlockAllocatesNothing()
    {
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new CaptureFramer(new AudioFormat(48_000, 2), pool, 960);
        float[] block = StereoMusic(48_000, seconds: 0.01);
        long frames = 0;
        Allocations.AssertNonePerCall(_ =>
        {
            framer.Push(block, 0);
            while (framer.TryTakeFrame(out AudioFrame? frame))
            {
                pool.Return(frame);
                frames++;
            }
        });
        Assert.True(frames >= 200, $"only {frames} frames were made");
    }

    private static void PushAll(CaptureFramer framer, float[] samples, int blockSamples, List<AudioFrame> frames)
    {
        for (int start = 0; start < samples.Length; start += blockSamples)
        {
            framer.Push(samples.AsSpan(start, Math.Min(blockSamples, samples.Length - start)), 0);
            while (framer.TryTakeFrame(out AudioFrame? frame))
            {
                frames.Add(frame);
            }
        }
    }

    /// <summary>Two different channels (tones and noise) so a wrong downmix or an offset would show.</summary>
    private static float[] StereoMusic(int rate, double seconds)
    {
        int frames = (int)(rate * seconds);
        float[] left = Signals.Sine(440, rate, frames, 0.4);
        float[] right = Signals.Noise(frames, seed: 3, amplitude: 0.2);
        var stereo = new float[frames * 2];
        for (int i = 0; i < frames; i++)
        {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = right[i];
        }
        return stereo;
    }
}
