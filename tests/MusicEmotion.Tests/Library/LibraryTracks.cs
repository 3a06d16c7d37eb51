using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Tests.Library;

/// <summary>Analysed tracks made from generated trajectories, for store and search tests that need no audio.</summary>
internal static class LibraryTracks
{
    public static AnalysedTrack Analysed(string path, int seed, int readings = 80, string modelSha = "model-a")
    {
        TrajectoryPoint[] trajectory = SyntheticCatalog.Walk(new Random(seed), readings);
        return new AnalysedTrack
        {
            File = new FileIdentity(path, 1000 + seed, 1_700_000_000_000 + seed, $"hash-{seed}"),
            Model = "test-model",
            ModelSha256 = modelSha,
            DurationSeconds = readings * 0.5,
            Trajectory = trajectory,
            Summary = TrackSummary.Of(trajectory),
        };
    }

    /// <summary>A track whose readings follow <paramref name="course"/> evenly over <paramref name="readings"/> half seconds.</summary>
    public static AnalysedTrack Following(string path, int seed, AffectPoint[] course, int readings = 120)
    {
        AffectPoint[] points = AffectSeries.Resample(course, readings);
        TrajectoryPoint[] trajectory = [.. points.Select((point, i) => new TrajectoryPoint(i * 0.5f, point.Arousal, point.Valence, 0.1f, FrameFlags.None))];
        return Analysed(path, seed, readings) with { Trajectory = trajectory, Summary = TrackSummary.Of(trajectory) };
    }

    /// <summary>Stores an analysed track in a catalog as a scan worker would: queued, claimed, completed.</summary>
    public static void Store(ILibraryStore store, AnalysedTrack track)
    {
        store.Enqueue([track.File], track.ModelSha256);
        ScanJob job = store.Claim("test-worker", TimeSpan.FromMinutes(5)) ?? throw new InvalidOperationException($"{track.File.Path} was not queued");
        if (!store.Complete(job, "test-worker", track))
        {
            throw new InvalidOperationException($"{track.File.Path} was not stored");
        }
    }
}
