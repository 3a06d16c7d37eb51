using System.Diagnostics;
using System.Threading.Channels;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Pipeline.Stages;

/// <summary>
/// Feature frames in, readings out to every sink: the thin pipeline wrapper around <see cref="EmotionTracker"/>.
/// It is the one thread that publishes, so it also records each frame's latency.
/// </summary>
public sealed class InferenceStage(
    EmotionTracker tracker,
    FramePool<FeatureFrame> featurePool,
    ReadingFanOut fanOut,
    PipelineCounters counters,
    LatencyReport latency)
{
    public async Task RunAsync(ChannelReader<FeatureFrame> input)
    {
        await foreach (FeatureFrame features in input.ReadAllAsync().ConfigureAwait(false))
        {
            EmotionReading reading = tracker.Process(features);
            featurePool.Return(features);
            reading.Timeline.Published = Stopwatch.GetTimestamp();
            // The offer-and-wait loop of ReadingFanOut.PublishAsync, inlined: awaits inside this one long-lived
            // method reuse its state machine, where calling an async method per frame would allocate one each time.
            for (int full = fanOut.Offer(reading); full >= 0;)
            {
                bool open = await fanOut.WaitForRoomAsync(full).ConfigureAwait(false);
                full = fanOut.Offer(reading, open ? full : full + 1);
            }
            counters.ReadingMade();
            latency.Record(reading.Timeline);
        }
    }
}
