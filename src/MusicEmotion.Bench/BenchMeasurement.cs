namespace MusicEmotion.Bench;

/// <summary>What one measured stretch cost beyond its latencies: wall and CPU time, managed allocation, collections.</summary>
/// <param name="Stages">The latency histograms.</param>
/// <param name="Frames">Frames measured.</param>
/// <param name="Wall">Wall-clock time of the stretch.</param>
/// <param name="AllocatedBytes">Managed bytes the bench thread allocated during the stretch.</param>
/// <param name="Collections">Garbage collections during the stretch, per generation (0, 1, 2).</param>
/// <param name="ProcessCpu">CPU time the whole process used during the stretch (load threads included).</param>
public sealed record BenchMeasurement(
    BenchStages Stages, long Frames, TimeSpan Wall, long AllocatedBytes, IReadOnlyList<int> Collections, TimeSpan ProcessCpu)
{
    public double AllocatedBytesPerFrame => Frames == 0 ? 0 : AllocatedBytes / (double)Frames;

    public double FramesPerSecond => Wall <= TimeSpan.Zero ? 0 : Frames / Wall.TotalSeconds;

    /// <summary>Measured blocks taken together, as one run of all their frames.</summary>
    public static BenchMeasurement Combine(IReadOnlyCollection<BenchMeasurement> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var stages = new BenchStages();
        foreach (BenchMeasurement block in blocks)
        {
            stages.Add(block.Stages);
        }
        return new BenchMeasurement(
            stages,
            blocks.Sum(b => b.Frames),
            TimeSpan.FromTicks(blocks.Sum(b => b.Wall.Ticks)),
            blocks.Sum(b => b.AllocatedBytes),
            Enumerable.Range(0, 3).Select(gen => blocks.Sum(b => b.Collections[gen])).ToList(),
            TimeSpan.FromTicks(blocks.Sum(b => b.ProcessCpu.Ticks)));
    }
}
