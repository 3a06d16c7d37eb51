using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Search;

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
}
