using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Pipeline;

/// <summary>
/// One stream analysed from start to end: a source, the loaded models and the sinks, joined into the pipeline with
/// a tracker of its own and the session header every sink receives. Every command and the API run audio this one
/// way; they differ only in the source, the sinks and the channel policy.
/// </summary>
public sealed class EmotionSession
{
    private readonly IFrameSource _source;
    private readonly EmotionTracker _tracker;

    /// <param name="source">Where the audio comes from (borrowed: the caller disposes it).</param>
    /// <param name="models">The engine and forecaster (borrowed). The engine carries one stream's state, so two
    /// sessions that run at the same time need two sets.</param>
    /// <param name="sinks">Where the readings go.</param>
    /// <param name="options">File (wait) or live (drop oldest) channels.</param>
    /// <param name="sourceName">The name sinks show for the source; by default the source's own.</param>
    public EmotionSession(IFrameSource source, LoadedModels models, IEnumerable<IReadingSink> sinks, PipelineOptions options, string? sourceName = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        ArgumentNullException.ThrowIfNull(models);
        _tracker = new EmotionTracker(models.Engine, models.Forecaster);
        _tracker.Reset();
        Info = new SessionInfo(
            sourceName ?? source.Name, source.Kind, source.Format.SampleRate, source.Format.Channels, models.Engine.Info,
            models.Forecaster.Info, models.ModelSha256, DateTimeOffset.UtcNow);
        Pipeline = new EmotionPipeline(_tracker, sinks, options);
    }

    /// <summary>The header every sink receives.</summary>
    public SessionInfo Info { get; }

    /// <summary>The running pipeline: its counters and latency, for progress and stats while it runs.</summary>
    public EmotionPipeline Pipeline { get; }

    /// <summary>
    /// Runs the live path's conversion and features on generated audio in the source's format, so the first captured
    /// frame pays no compilation on the clock (the engine was warmed when it was made).
    /// </summary>
    public void WarmUpLivePath(TimeSpan blockDuration) => LivePathWarmUp.Run(_tracker, _source.Format, blockDuration);

    /// <summary>Runs to the end of the source, an input error or cancellation; see <see cref="EmotionPipeline.RunAsync"/>.</summary>
    public Task<SessionSummary> RunAsync(CancellationToken cancellationToken) => Pipeline.RunAsync(_source, Info, cancellationToken);
}
