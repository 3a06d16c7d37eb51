using System.CommandLine;
using System.Diagnostics;
using MusicEmotion.Inference;
using MusicEmotion.Library.Search;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// <c>library bench</c>: search over a generated catalog of many tracks, on one thread, timed per query (median and
/// 90th percentile over varied queries after a warm-up). Scan throughput is what <c>library scan</c> prints.
/// </summary>
internal static class LibraryBenchCommand
{
    public static Command Create()
    {
        var tracks = new Option<int>("--tracks") { Description = "Generated tracks in the catalog", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Queries timed per kind of search", DefaultValueFactory = _ => 20 };
        var command = new Command("bench", "Time point, profile and next-track search over a generated catalog");
        command.Options.Add(tracks);
        command.Options.Add(queries);
        command.SetAction(parse =>
        {
            int count = parse.GetValue(tracks), runs = parse.GetValue(queries);
            if (count < 1 || runs < 1)
            {
                throw new UsageException($"--tracks and --queries must be at least 1, got {count} and {runs}");
            }
            Run(count, runs);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Run(int count, int runs)
    {
        var clock = Stopwatch.StartNew();
        var index = new CatalogIndex(SyntheticCatalog.Generate(count, seed: 14));
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"catalog: {count:N0} generated tracks in {clock.Elapsed.TotalSeconds:0.0} s, {heap / (1 << 20):N0} MiB managed heap");
        var random = new Random(7);
        var search = new ProfileSearch();
        Time("point search, limit 10", runs, () => PointSearch.Nearest(index, RandomPoint(random), 10));
        Time("point search, radius 0.1", runs, () => PointSearch.Nearest(index, RandomPoint(random), 10, 0.1));
        long compared = 0, warped = 0;
        Time("profile search, whole tracks (5-point profile)", runs, () =>
        {
            search.Search(index, RandomProfile(random), 10);
            (compared, warped) = (compared + index.Tracks.Count, warped + search.DtwRuns);
        });
        Console.WriteLine($"  the lower bounds spared DTW on {100.0 * (compared - warped) / compared:0.0} % of tracks");
        Time("profile search, best 30 s segment", Math.Max(1, runs / 4), () => search.Search(index, RandomProfile(random), 10, 30));
        Time("next track", runs, () => NextTrackCost.Rank(index, index.Tracks[random.Next(index.Tracks.Count)].Summary!.Ends.Ending, 10));
    }

    private static void Time(string what, int runs, Action query)
    {
        query();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            query();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"{what}: median {times[runs / 2]:0.00} ms, p90 {times[Math.Min(runs - 1, runs * 9 / 10)]:0.00} ms ({runs} queries)");
    }

    private static AffectPoint RandomPoint(Random random) => new((float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1));

    private static EmotionProfile RandomProfile(Random random) => new(Enumerable.Range(0, 5).Select(_ => RandomPoint(random)).ToArray());
}
