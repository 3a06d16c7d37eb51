using System.Globalization;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Scanning;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Library.Feedback;

/// <summary>
/// Turns what a listener felt into a label taken against the library's analysis of the track: the track is found
/// (by path or content), checked to be the content the library analysed, and the model's reading at that moment is
/// read from the stored trajectory. The model's hidden state there (for the head refit) is not stored by the scan,
/// so the track is run through the model once more for it. The CLI, serve and the view all take labels here and
/// store them with <see cref="FeedbackStore.Add"/>. Nothing is written: a refusal stores nothing.
/// </summary>
public static class FeedbackLabeller
{
    /// <summary>
    /// The track at <paramref name="path"/> (or a bare file name only one track has), checked against the file as it
    /// is now: a file whose content changed since the scan, or that is gone, is refused.
    /// </summary>
    public static TrackRecord TrackAt(ILibraryStore store, string path)
    {
        ArgumentNullException.ThrowIfNull(store);
        TrackRecord track = store.FindTrack(path) ?? throw new FeedbackRefusedException(
            FeedbackProblem.UnknownTrack, $"{path}: not in the library {store.Location}; analyse it first with 'musicemotion library scan'");
        string now = ContentNow(track.Path);
        return Unchanged(track, now) ? track : throw Changed(track, now);
    }

    /// <summary>
    /// The track whose content has SHA-256 <paramref name="contentHash"/>, checked against its file as it is now (the
    /// model is run over that file again, so it must still hold the content labelled). Of copies scanned, the first
    /// whose file is unchanged; when none is, the first is refused as changed.
    /// </summary>
    public static TrackRecord TrackWithContent(ILibraryStore store, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(store);
        TrackRecord[] copies = store.Tracks().Where(t => string.Equals(t.File.ContentHash, contentHash, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (copies.Length == 0)
        {
            throw new FeedbackRefusedException(
                FeedbackProblem.UnknownTrack, $"sha256 {contentHash}: no track in the library {store.Location} has this content");
        }
        return copies.FirstOrDefault(copy => Unchanged(copy, ContentNow(copy.Path))) ?? throw Changed(copies[0], ContentNow(copies[0].Path));
    }

    private static bool Unchanged(TrackRecord track, string now) => string.Equals(now, track.File.ContentHash, StringComparison.OrdinalIgnoreCase);

    private static FeedbackRefusedException Changed(TrackRecord track, string now) => new(
        FeedbackProblem.TrackChanged,
        $"{track.Path}: the file changed since the library analysed it (sha256 {Short(now)}, library has {Short(track.File.ContentHash)}); run 'musicemotion library scan' again");

    // The library's own path is hashed, never the text asked for: nothing outside the library is read.
    private static string ContentNow(string path) => File.Exists(path) ? FileIdentities.Identify(path).ContentHash : "gone";

    /// <summary>
    /// The label for <paramref name="felt"/> at <paramref name="atSeconds"/> into <paramref name="track"/> (null: the
    /// whole track), beside the model's reading there (the track's mean for a whole-track label) and, when the model
    /// that analysed the track is still installed, its hidden state there. Takes seconds: the track is analysed again.
    /// </summary>
    public static FeedbackLabel Label(ILibraryStore store, TrackRecord track, double? atSeconds, AffectPoint felt, string? className)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(track);
        if (atSeconds is { } s && !(s >= 0 && s <= track.DurationSeconds))
        {
            throw new FeedbackRefusedException(
                FeedbackProblem.BeyondEnd,
                string.Create(CultureInfo.InvariantCulture, $"{s:0.###} s is outside the track ({track.DurationSeconds:0.0} s long)"));
        }
        AffectPoint reading = atSeconds is { } at ? ReadingAt(store.Trajectory(track.Id), at, track.Path) : Mean(track);
        return new FeedbackLabel(0, track.File.ContentHash, track.Path, atSeconds, felt, className?.ToLowerInvariant(), reading, track.ModelSha256,
            HiddenAt(track, atSeconds));
    }

    /// <summary>
    /// The model's hidden state at the moment (or its mean over the track), for the head refit: the track is run again
    /// through the model that analysed it (<see cref="TrackAt"/> checked it is the same audio). Null when that model is
    /// no longer installed under its name, or is installed with other weights: the label still serves the affine map.
    /// </summary>
    private static float[]? HiddenAt(TrackRecord track, double? atSeconds)
    {
        ModelEntry model;
        try
        {
            model = ModelCatalog.Resolve(track.Model);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        if (!string.Equals(ModelCatalog.Sha256(model.OnnxPath), track.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        using LoadedModels models = LoadedModels.Load(new ModelRequest
        {
            Model = model.OnnxPath,
            Forecaster = ModelRequest.LinearTrend,
            Engine = EngineOptions.Default with { Engine = EngineKind.Managed },
        });
        IReadOnlyList<HiddenFrame> frames = TrackHiddenStates.ReadAsync(track.Path, models).GetAwaiter().GetResult();
        return atSeconds is { } s ? TrackHiddenStates.At(frames, s) : TrackHiddenStates.Mean(frames);
    }

    /// <summary>The reading of the frame nearest that moment.</summary>
    private static AffectPoint ReadingAt(IReadOnlyList<TrajectoryPoint> trajectory, double seconds, string path)
    {
        TrajectoryPoint? best = null;
        foreach (TrajectoryPoint p in trajectory)
        {
            if (p.HasReading && (best is null || Math.Abs(p.Time - seconds) < Math.Abs(best.Value.Time - seconds)))
            {
                best = p;
            }
        }
        return best is { } b
            ? new AffectPoint(b.Arousal, b.Valence)
            : throw new FeedbackRefusedException(FeedbackProblem.NoReading, $"{path}: the library has no reading for this track");
    }

    private static AffectPoint Mean(TrackRecord track) =>
        track.Summary?.Mean ?? throw new FeedbackRefusedException(
            FeedbackProblem.NoReading, $"{track.Path}: the library could not read this track ({track.Error})");

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
