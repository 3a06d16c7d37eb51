using System.Diagnostics;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Pipeline.Stages;

/// <summary>
/// Features and inference as the writer a source hands its frames to: each frame goes through both at once, on
/// the source's own thread, and its reading is offered to every sink's channel. Live, that thread is the DSP thread
/// (pinned, real-time if asked): no hand-off between threads, so no wake-up of another thread, and no migration,
/// stands between a frame's last block and its reading. The sinks keep their own threads behind their channels.
/// </summary>
/// <remarks>
/// Only for the drop-oldest policy: a sink channel never refuses a reading there, so a write never waits, and a
/// source that falls behind overruns its capture ring (counted) rather than queueing frames.
/// </remarks>
public sealed class InlineStages(
    FramePool<AudioFrame> audioPool,
    EmotionTracker tracker,
    ReadingFanOut fanOut,
    PipelineCounters counters,
    LatencyReport latency) : ChannelWriter<AudioFrame>
{
    private readonly FeatureExtractor _extractor = new();
    private readonly FeatureFrame _features = new();
    private bool _completed;

    /// <summary>Makes the frame's reading and publishes it; false only once the source has completed.</summary>
    public override bool TryWrite(AudioFrame item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_completed)
        {
            return false;
        }
        _extractor.Extract(item, _features);
        audioPool.Return(item);
        counters.FrameMade();
        EmotionReading reading = tracker.Process(_features);
        reading.Timeline.Published = Stopwatch.GetTimestamp();
        fanOut.Offer(reading);
        counters.ReadingMade();
        latency.Record(reading.Timeline);
        return true;
    }

    /// <summary>Room is always there: the work happens in <see cref="TryWrite"/> itself.</summary>
    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<bool>(cancellationToken) : new(!_completed);

    public override bool TryComplete(Exception? error = null)
    {
        bool first = !_completed;
        _completed = true;
        return first;
    }
}
