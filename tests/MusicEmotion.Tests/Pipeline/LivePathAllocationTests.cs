using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// Every per-frame step of the live path, on one thread so one counter sees them all: a 10 ms device block into the
/// capture ring and out, downmix, resampling and framing, the drop-oldest audio channel, features, the stateful
/// engine and the forecast. Once warm, none of it may allocate anything, frame after frame.
/// </summary>
public sealed class LivePathAllocationTests
{
    [SkippableFact]
    public void AFrameFromTheRingToItsReadingAllocatesNothing()
    {
        using var sessions = new LiveSessions(Requires.ReferenceData());
        var format = new AudioFormat(48_000, 2);
        var ring = CaptureRing.For(format, seconds: 2);
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new CaptureFramer(format, pool, ring.MaxBlockSamples);
        var channel = Channel.CreateBounded<AudioFrame>(
            new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            pool.Return);
        var extractor = new FeatureExtractor();
        var features = new FeatureFrame();
        EmotionTracker tracker = sessions.Tracker();
        float[] music = Interleave(Signals.Noise(48_000 * 3, seed: 4, amplitude: 0.3), Signals.Sine(220, 48_000, 48_000 * 3, 0.3));
        var block = new float[ring.MaxBlockSamples];
        long position = 0;
        double arousal = 0;

        int Frame()
        {
            int made = 0;
            while (made == 0)
            {
                // One callback's worth (10 ms at 48 kHz, stereo), looping over three seconds of signal.
                int start = (int)(position % (music.Length / 960)) * 960;
                position++;
                ring.TryWrite(music.AsSpan(start, 960), position);
                while (ring.TryRead(block, out int length, out long ticks))
                {
                    framer.Push(block.AsSpan(0, length), ticks);
                    while (framer.TryTakeFrame(out AudioFrame? frame))
                    {
                        channel.Writer.TryWrite(frame);
                    }
                }
                while (channel.Reader.TryRead(out AudioFrame? frame))
                {
                    extractor.Extract(frame, features);
                    pool.Return(frame);
                    arousal += tracker.Process(features).Point.Arousal;
                    made++;
                }
            }
            return made;
        }

        for (int i = 0; i < 60; i++)
        {
            Frame();
        }
        const int Frames = 200;
        (long allocated, _) = Allocations.During(Frames, _ => Frame());

        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Frames} frames");
        Assert.True(double.IsFinite(arousal));
        Assert.Equal(0, ring.Overruns);
    }

    private static float[] Interleave(float[] left, float[] right)
    {
        var stereo = new float[left.Length * 2];
        for (int i = 0; i < left.Length; i++)
        {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = right[i];
        }
        return stereo;
    }
}
