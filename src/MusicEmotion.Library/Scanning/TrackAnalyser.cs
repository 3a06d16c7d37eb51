using MusicEmotion.Audio;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Library.Scanning;

/// <summary>
/// One file through the same <see cref="EmotionSession"/> <c>analyze</c> runs (decoder, features, engine with its
/// state reset per track), into a trajectory and its summary. A file that cannot be read becomes a failed track with
/// the decoder's one-line reason; it never stops the scan. Each scan worker owns one, because an engine carries state.
/// </summary>
public sealed class TrackAnalyser
{
    private readonly LoadedModels _models;

    /// <param name="models">The engine and forecaster (borrowed); they carry one stream's state, so one set per worker.</param>
    public TrackAnalyser(LoadedModels models) => _models = models ?? throw new ArgumentNullException(nameof(models));

    public string Model => _models.Model.Name;

    public string ModelSha256 => _models.ModelSha256;

    /// <summary>Analyses <paramref name="file"/>; null when <paramref name="cancellationToken"/> stopped it part-way.</summary>
    public async Task<AnalysedTrack?> AnalyseAsync(FileIdentity file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        FileFrameSource source;
        try
        {
            source = new FileFrameSource(file.Path);
        }
        catch (AudioInputException error)
        {
            return Failed(file, error);
        }
        using (source)
        {
            var sink = new TrajectorySink();
            // One feature thread: the scan already analyses one track per core.
            SessionSummary summary = await new EmotionSession(source, _models, [sink], PipelineOptions.File with { FeatureWorkers = 1 })
                .RunAsync(cancellationToken).ConfigureAwait(false);
            if (summary.Cancelled)
            {
                return null;
            }
            if (summary.Error is { } error)
            {
                return Failed(file, error);
            }
            TrackSummary? trackSummary = TrackSummary.Of(sink.Points);
            return new AnalysedTrack
            {
                File = file,
                Model = Model,
                ModelSha256 = ModelSha256,
                DurationSeconds = source.DurationSeconds ?? sink.Points.Count * FrameLayout.FrameSeconds,
                Trajectory = [.. sink.Points],
                Summary = trackSummary,
                Error = trackSummary is null ? $"{file.Path}: no frame gave a reading (too short for one 0.5 s frame, or unreadable audio)" : null,
            };
        }
    }

    private AnalysedTrack Failed(FileIdentity file, Exception error) => new()
    {
        File = file,
        Model = Model,
        ModelSha256 = ModelSha256,
        Error = error.Message.ReplaceLineEndings(" ").Trim(),
    };
}
