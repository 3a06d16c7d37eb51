using MusicEmotion.Audio;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Bench;

/// <summary>
/// Everything one bench run found, in the shape written to JSON, CSV and MessagePack and read back by
/// <c>bench --compare</c>: where it ran, what it ran, each stage's latency distribution and what it cost.
/// </summary>
/// <param name="CreatedUtc">When the run ended.</param>
/// <param name="Machine">The machine.</param>
/// <param name="Setup">What was run, and how.</param>
/// <param name="Stages">Per stage, then end to end (and wake-up when paced).</param>
/// <param name="Throughput">Frames per second and times real time.</param>
/// <param name="Resources">Allocation, collections, CPU time.</param>
/// <param name="AgainstPytorch">The interleaved comparison, when asked for.</param>
public sealed record BenchReport(
    DateTimeOffset CreatedUtc,
    BenchMachine Machine,
    BenchSetup Setup,
    IReadOnlyList<StageStatistics> Stages,
    BenchThroughput Throughput,
    BenchResources Resources,
    PytorchComparison? AgainstPytorch = null)
{
    /// <summary>The stage called <paramref name="name"/>, or null.</summary>
    public StageStatistics? Stage(string name) => Stages.FirstOrDefault(s => s.Stage == name);

    public static BenchReport Create(BenchMachine machine, BenchSetup setup, BenchMeasurement measurement, PytorchComparison? againstPytorch = null)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        double fps = measurement.FramesPerSecond;
        double cpuSeconds = measurement.ProcessCpu.TotalSeconds;
        double wallSeconds = measurement.Wall.TotalSeconds;
        return new BenchReport(
            DateTimeOffset.UtcNow,
            machine,
            setup,
            measurement.Stages.Named().Select(s => StageStatistics.From(s.Name, s.Histogram)).ToList(),
            new BenchThroughput(measurement.Frames, wallSeconds, fps, fps * FrameLayout.FrameSeconds),
            new BenchResources(
                measurement.AllocatedBytes,
                measurement.AllocatedBytesPerFrame,
                measurement.Collections[0],
                measurement.Collections[1],
                measurement.Collections[2],
                cpuSeconds,
                wallSeconds > 0 ? cpuSeconds / wallSeconds : 0),
            againstPytorch);
    }
}

/// <param name="Cpu">CPU model, from /proc/cpuinfo where there is one.</param>
/// <param name="LogicalCores">CPUs this process may run on.</param>
/// <param name="Simd">Vector instruction sets the runtime uses here (AVX-512, AVX2...).</param>
/// <param name="Os">Operating system.</param>
/// <param name="Runtime">.NET runtime.</param>
public sealed record BenchMachine(string Cpu, int LogicalCores, string Simd, string Os, string Runtime);

/// <param name="Input">The audio file's path, or "synthetic".</param>
/// <param name="InputFrames">Distinct frames cycled through.</param>
/// <param name="Engine">"managed" or "onnxruntime".</param>
/// <param name="Provider">The managed kernel or the ORT execution provider.</param>
/// <param name="EngineNote">Why auto chose this engine (empty otherwise).</param>
/// <param name="Model">The emotion model's name.</param>
/// <param name="ModelPath">The emotion model file.</param>
/// <param name="Forecaster">The forecaster's source.</param>
/// <param name="Threads">ONNX Runtime intra-op threads.</param>
/// <param name="WarmUpFrames">Frames run before measuring.</param>
/// <param name="Realtime">Frames paced at 2 Hz.</param>
/// <param name="LoadThreads">Busy threads running beside the bench.</param>
/// <param name="PinnedCpu">The CPU the bench thread was pinned to, or null.</param>
/// <param name="Scheduling">The bench thread's scheduling: "normal", or the real-time policy it ran under.</param>
public sealed record BenchSetup(
    string Input,
    int InputFrames,
    string Engine,
    string Provider,
    string EngineNote,
    string Model,
    string ModelPath,
    string Forecaster,
    int Threads,
    int WarmUpFrames,
    bool Realtime,
    int LoadThreads,
    int? PinnedCpu,
    string Scheduling);

/// <param name="Frames">Frames measured.</param>
/// <param name="WallSeconds">Wall-clock time of the measured frames.</param>
/// <param name="FramesPerSecond">Frames per second of wall time.</param>
/// <param name="RealTimeFactor">Seconds of audio analysed per second (a frame is 0.5 s).</param>
public sealed record BenchThroughput(long Frames, double WallSeconds, double FramesPerSecond, double RealTimeFactor);

/// <param name="AllocatedBytes">Managed bytes the bench thread allocated over the measured frames.</param>
/// <param name="AllocatedBytesPerFrame">The same per frame.</param>
/// <param name="Gen0Collections">Generation 0 collections during the run.</param>
/// <param name="Gen1Collections">Generation 1 collections.</param>
/// <param name="Gen2Collections">Generation 2 collections.</param>
/// <param name="ProcessCpuSeconds">CPU time of the whole process during the run (load threads included).</param>
/// <param name="CpuUtilisation">Process CPU seconds per wall second (1.0 = one core busy).</param>
public sealed record BenchResources(
    long AllocatedBytes,
    double AllocatedBytesPerFrame,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double ProcessCpuSeconds,
    double CpuUtilisation);

/// <summary>One stage's latency distribution in microseconds, and its histogram.</summary>
/// <param name="Stage">features, inference, forecast, end-to-end or wake-up.</param>
/// <param name="Count">Frames recorded.</param>
/// <param name="MinUs">Fastest frame.</param>
/// <param name="P10Us">10th percentile: the low end of the spread --compare looks at.</param>
/// <param name="MedianUs">50th percentile.</param>
/// <param name="P90Us">90th percentile.</param>
/// <param name="P99Us">99th percentile.</param>
/// <param name="P999Us">99.9th percentile.</param>
/// <param name="MaxUs">Slowest frame.</param>
/// <param name="MeanUs">Mean.</param>
/// <param name="StdDevUs">Standard deviation.</param>
/// <param name="Histogram">Non-empty buckets of the log-bucketed histogram (at most 1% wide).</param>
public sealed record StageStatistics(
    string Stage,
    long Count,
    double MinUs,
    double P10Us,
    double MedianUs,
    double P90Us,
    double P99Us,
    double P999Us,
    double MaxUs,
    double MeanUs,
    double StdDevUs,
    IReadOnlyList<HistogramBucket> Histogram)
{
    /// <summary>The percentiles every report shows, with their names.</summary>
    public IReadOnlyList<(string Name, double Microseconds)> Percentiles() =>
    [
        ("min", MinUs), ("median", MedianUs), ("p90", P90Us), ("p99", P99Us), ("p99.9", P999Us), ("max", MaxUs),
    ];

    public static StageStatistics From(string stage, LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        double Us(long nanoseconds) => nanoseconds / 1e3;
        return new StageStatistics(
            stage,
            histogram.Count,
            histogram.Count == 0 ? 0 : Us(histogram.MinNanoseconds),
            Us(histogram.ValueAtPercentile(10)),
            Us(histogram.ValueAtPercentile(50)),
            Us(histogram.ValueAtPercentile(90)),
            Us(histogram.ValueAtPercentile(99)),
            Us(histogram.ValueAtPercentile(99.9)),
            Us(histogram.MaxNanoseconds),
            histogram.MeanNanoseconds / 1e3,
            histogram.StandardDeviationNanoseconds / 1e3,
            histogram.Buckets().Select(b => new HistogramBucket(Us(b.UpperNanoseconds), b.Count)).ToList());
    }
}

/// <param name="UpperUs">The bucket's upper edge in microseconds.</param>
/// <param name="Count">Frames in it.</param>
public sealed record HistogramBucket(double UpperUs, long Count);

/// <summary>C# and PyTorch timed in alternating blocks on the same frames, and their ratio pair by pair.</summary>
/// <param name="BlockFrames">Frames per block.</param>
/// <param name="Torch">The PyTorch version and its thread count.</param>
/// <param name="Pairs">Each (C#, Python) block pair.</param>
/// <param name="MedianRatio">Median over pairs of Python median / C# median: how many times faster C# is.</param>
/// <param name="Python">Python's per-stage distribution over all its blocks.</param>
public sealed record PytorchComparison(
    int BlockFrames, string Torch, IReadOnlyList<PytorchPair> Pairs, double MedianRatio, IReadOnlyList<StageStatistics> Python);

/// <param name="Pair">1, 2, ...</param>
/// <param name="CsharpMedianUs">C#'s median end-to-end frame in this pair's block.</param>
/// <param name="PythonMedianUs">Python's median end-to-end frame in this pair's block.</param>
/// <param name="Ratio">Python / C#.</param>
public sealed record PytorchPair(int Pair, double CsharpMedianUs, double PythonMedianUs, double Ratio);
