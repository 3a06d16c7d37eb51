using MusicEmotion.Audio;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Search;

/// <summary>
/// Generated tracks for measuring search at catalog scale: each a smooth random walk over the circumplex (pulled
/// toward a target that moves now and then, as music changes section), 1 to 5 minutes long, summarised exactly as
/// a scan summarises a real track. Seeded, so every run measures the same catalog.
/// </summary>
public static class SyntheticCatalog
{
    public static IReadOnlyList<TrackRecord> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var tracks = new TrackRecord[count];
        for (int i = 0; i < count; i++)
        {
            tracks[i] = Track(i + 1, Walk(random, readings: random.Next(120, 600)));
        }
        return tracks;
    }

    /// <summary>A catalogued track with <paramref name="trajectory"/> as its readings, at /synthetic/ID.wav.</summary>
    public static TrackRecord Track(long id, IReadOnlyList<TrajectoryPoint> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return new TrackRecord
        {
            Id = id,
            File = new FileIdentity($"/synthetic/{id:D6}.wav", 0, 0, $"{id:x}"),
            Status = TrackStatus.Indexed,
            DurationSeconds = trajectory.Count * 0.5,
            Model = "synthetic",
            ModelSha256 = "synthetic",
            Summary = TrackSummary.Of(trajectory),
        };
    }

    public static TrajectoryPoint[] Walk(Random random, int readings)
    {
        ArgumentNullException.ThrowIfNull(random);
        var points = new TrajectoryPoint[readings];
        float arousal = Uniform(random, 0.8f), valence = Uniform(random, 0.8f);
        float targetA = Uniform(random, 0.9f), targetV = Uniform(random, 0.9f);
        float level = 0.02f + (float)random.NextDouble() * 0.2f;
        for (int t = 0; t < readings; t++)
        {
            if (random.Next(40) == 0)
            {
                (targetA, targetV) = (Uniform(random, 0.9f), Uniform(random, 0.9f));
            }
            arousal = Math.Clamp(arousal + 0.08f * (targetA - arousal) + Uniform(random, 0.04f), -1f, 1f);
            valence = Math.Clamp(valence + 0.08f * (targetV - valence) + Uniform(random, 0.04f), -1f, 1f);
            points[t] = new TrajectoryPoint(t * 0.5f, arousal, valence, level * (1 + 0.5f * arousal), FrameFlags.None);
        }
        return points;
    }

    private static float Uniform(Random random, float half) => ((float)random.NextDouble() * 2 - 1) * half;
}
