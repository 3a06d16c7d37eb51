using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Pipeline.Stages;

namespace MusicEmotion.Pipeline;

/// <summary>
/// The one data path of docs/DESIGN.md, for files and live capture alike:
/// source -> Channel&lt;AudioFrame&gt; -> features -> Channel&lt;FeatureFrame&gt; -> inference -> one channel per sink.
/// Only the source and the channel policy differ between a file and a device; and live, features and inference can
/// run on the source's own (DSP) thread instead, with no channel before the sinks' (<see cref="InlineStages"/>).
/// </summary>
public sealed class EmotionPipeline
{
    private readonly EmotionTracker _tracker;
    private readonly IReadOnlyList<IReadingSink> _sinks;
    private readonly PipelineOptions _options;

    public EmotionPipeline(EmotionTracker tracker, IEnumerable<IReadingSink> sinks, PipelineOptions options)
    {
        _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
        _sinks = sinks?.ToArray() ?? throw new ArgumentNullException(nameof(sinks));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.StagesOnSourceThread && options.Policy != ChannelPolicy.DropOldest)
        {
            throw new ArgumentException("stages on the source's thread need the drop-oldest policy: nothing may wait there", nameof(options));
        }
    }

    public PipelineCounters Counters { get; } = new();

    public LatencyReport Latency { get; } = new();

    /// <summary>
    /// Runs the session to the end of the source, an input error, or cancellation, then drains everything
    /// already captured through to the sinks. Input errors are returned in the summary, not thrown: the
    /// readings made before them have been delivered.
    /// </summary>
    public async Task<SessionSummary> RunAsync(IFrameSource source, SessionInfo session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var audioPool = new FramePool<AudioFrame>(() => new AudioFrame());
        var fanOut = new ReadingFanOut(_sinks, Counters, _options.Policy, _options.SinkCapacity);
        fanOut.Start(session);
        (Exception? error, bool cancelled) = _options.StagesOnSourceThread
            ? await RunSourceAsync(source, new InlineStages(audioPool, _tracker, fanOut, Counters, Latency), audioPool, cancellationToken)
                .ConfigureAwait(false)
            : await RunStagesOnTheirOwnThreadsAsync(source, audioPool, fanOut, cancellationToken).ConfigureAwait(false);
        Counters.SetCaptureOverruns(source.Overruns);
        Counters.SetRepairedSamples(source.RepairedSamples);
        var summary = new SessionSummary
        {
            Counters = Counters,
            Latency = Latency,
            TailSamples = source.TailSamples,
            Error = error,
            Cancelled = cancelled,
        };
        await fanOut.CompleteAsync(summary).ConfigureAwait(false);
        return summary;
    }

    /// <summary>Source, features and inference each on a thread of its own, joined by bounded channels.</summary>
    private async Task<(Exception? Error, bool Cancelled)> RunStagesOnTheirOwnThreadsAsync(
        IFrameSource source, FramePool<AudioFrame> audioPool, ReadingFanOut fanOut, CancellationToken cancellationToken)
    {
        var featurePool = new FramePool<FeatureFrame>(() => new FeatureFrame());
        var audio = CreateChannel<AudioFrame>(_options.AudioCapacity, frame =>
        {
            audioPool.Return(frame);
            Counters.AudioDropped();
        });
        var features = CreateChannel<FeatureFrame>(_options.FeatureCapacity, frame =>
        {
            featurePool.Return(frame);
            Counters.FeatureDropped();
        });
        var inferenceStage = new InferenceStage(_tracker, featurePool, fanOut, Counters, Latency);
        Task<(Exception? Error, bool Cancelled)> sourceTask = Task.Run(() => RunSourceAsync(source, audio.Writer, audioPool, cancellationToken));
        Task featureTask = _options.FeatureWorkers > 1
            ? Task.Run(() => new ParallelFeatureStage(_options.FeatureWorkers, audioPool, featurePool, Counters).RunAsync(audio.Reader, features.Writer))
            : Task.Run(() => new FeatureStage(new FeatureExtractor(), audioPool, featurePool, Counters).RunAsync(audio.Reader, features.Writer));
        Task inferenceTask = Task.Run(() => inferenceStage.RunAsync(features.Reader));
        var outcome = await sourceTask.ConfigureAwait(false);
        await featureTask.ConfigureAwait(false);
        await inferenceTask.ConfigureAwait(false);
        return outcome;
    }

    private static async Task<(Exception? Error, bool Cancelled)> RunSourceAsync(
        IFrameSource source, ChannelWriter<AudioFrame> writer, FramePool<AudioFrame> pool, CancellationToken cancellationToken)
    {
        try
        {
            await source.RunAsync(writer, pool, cancellationToken).ConfigureAwait(false);
            return (null, cancellationToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, true);
        }
        catch (Exception error)
        {
            return (error, false);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private Channel<T> CreateChannel<T>(int capacity, Action<T> dropped)
    {
        var options = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = _options.Policy == ChannelPolicy.Wait ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
        };
        return Channel.CreateBounded(options, dropped);
    }
}

/// <summary>How the pipeline's channels behave.</summary>
public sealed record PipelineOptions
{
    /// <summary>Files: nothing dropped, and the features of a file on every core.</summary>
    public static PipelineOptions File { get; } = new() { Policy = ChannelPolicy.Wait, FeatureWorkers = Environment.ProcessorCount };

    /// <summary>Live audio with a thread per stage (serve's paced input).</summary>
    public static PipelineOptions Live { get; } = new() { Policy = ChannelPolicy.DropOldest };

    /// <summary>Live audio on one DSP thread: the capture pump runs features and inference itself (live's default).</summary>
    public static PipelineOptions LiveOnDspThread { get; } = Live with { StagesOnSourceThread = true };

    public ChannelPolicy Policy { get; init; }

    /// <summary>
    /// Features and inference run on the thread that writes the source's frames (see <see cref="InlineStages"/>);
    /// drop-oldest only, since nothing may wait there.
    /// </summary>
    public bool StagesOnSourceThread { get; init; }

    /// <summary>Threads computing features side by side (see <see cref="ParallelFeatureStage"/>); 1 for live audio,
    /// whose frames come one at a time.</summary>
    public int FeatureWorkers { get; init; } = 1;

    /// <summary>Audio frames waiting for the feature stage (each is 0.5 s: 4 = 2 s of slack).</summary>
    public int AudioCapacity { get; init; } = 4;

    /// <summary>Feature frames waiting for inference.</summary>
    public int FeatureCapacity { get; init; } = 4;

    /// <summary>Readings waiting in each sink's channel.</summary>
    public int SinkCapacity { get; init; } = 64;
}
