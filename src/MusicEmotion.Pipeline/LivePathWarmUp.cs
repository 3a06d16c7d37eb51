using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Inference;

namespace MusicEmotion.Pipeline;

/// <summary>
/// Runs the live path's per-frame code (conversion, features, engine, forecast) on generated audio before a
/// session starts, then resets the tracker. The runtime compiles a method on its first call and again, optimised,
/// after about thirty; without this the first live frames would pay for both on the clock, and show it as latency.
/// </summary>
public static class LivePathWarmUp
{
    /// <summary>Frames run: enough for every per-frame method to pass the runtime's threshold for optimising it.</summary>
    public const int DefaultFrames = 40;

    public static void Run(EmotionTracker tracker, AudioFormat deviceFormat, TimeSpan blockDuration, int frames = DefaultFrames)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        int blockFrames = Math.Clamp((int)(deviceFormat.SampleRate * blockDuration.TotalSeconds), 1, CaptureRing.MaxBlockFrames);
        var framer = new CaptureFramer(deviceFormat, pool, blockFrames * deviceFormat.Channels);
        var extractor = new FeatureExtractor();
        var features = new FeatureFrame();
        var block = new float[blockFrames * deviceFormat.Channels];
        var random = new Random(1);
        for (int made = 0; made < frames;)
        {
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = 0.2f * (random.NextSingle() - 0.5f);
            }
            framer.Push(block, Stopwatch.GetTimestamp());
            while (framer.TryTakeFrame(out AudioFrame? frame))
            {
                extractor.Extract(frame, features);
                tracker.Process(features);
                pool.Return(frame);
                made++;
            }
        }
        tracker.Reset();
    }
}
