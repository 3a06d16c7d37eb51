using MusicEmotion.Audio;
using MusicEmotion.Features;

namespace MusicEmotion.Bench.Pytorch;

/// <summary>
/// C# and PyTorch on the same frames, alternating blocks A (C#) B (Python) A B ..., so whatever the machine does
/// meanwhile (another job, a clock change) touches both sides alike, and the ratio is taken pair by pair.
/// </summary>
public static class PytorchComparisonRun
{
    /// <summary>Frames Python runs before the first pair, to load its code paths and fill its caches.</summary>
    private const int PythonWarmUp = 10;

    /// <param name="bench">The C# side, warmed up already.</param>
    /// <param name="frames">The frames both sides cycle through.</param>
    /// <param name="modelPath">The emotion model.</param>
    /// <param name="forecaster">The forecaster model's path, or "linear".</param>
    /// <param name="totalFrames">C# frames in all (as many for Python), split into blocks.</param>
    /// <param name="blockFrames">Frames per block.</param>
    public static (BenchMeasurement Csharp, PytorchComparison Comparison) Run(
        FramePathBench bench, BenchFrames frames, string modelPath, string forecaster, int totalFrames, int blockFrames)
    {
        string npy = Path.Combine(Path.GetTempPath(), $"musicemotion-bench-{Environment.ProcessId}.npy");
        WriteFrames(frames, npy);
        try
        {
            using PytorchPeer peer = PytorchPeer.Start(npy, modelPath, forecaster);
            peer.Run(PythonWarmUp);
            var csharpBlocks = new List<BenchMeasurement>();
            var python = new BenchStages();
            var pairs = new List<PytorchPair>();
            for (int done = 0; done < totalFrames; done += blockFrames)
            {
                int size = Math.Min(blockFrames, totalFrames - done);
                BenchMeasurement a = bench.MeasureBlock(size);
                PythonBlock b = peer.Run(size);
                csharpBlocks.Add(a);
                Record(python, b);
                double csharpMedian = a.Stages.EndToEnd.ValueAtPercentile(50) / 1e3;
                double pythonMedian = Median(b.TotalUs);
                pairs.Add(new PytorchPair(pairs.Count + 1, csharpMedian, pythonMedian, pythonMedian / Math.Max(csharpMedian, 1e-3)));
            }
            var comparison = new PytorchComparison(
                blockFrames,
                peer.Torch,
                pairs,
                Median(pairs.Select(p => p.Ratio).ToArray()),
                python.Named().Select(s => StageStatistics.From(s.Name, s.Histogram)).ToList());
            return (BenchMeasurement.Combine(csharpBlocks), comparison);
        }
        finally
        {
            File.Delete(npy);
        }
    }

    private static void WriteFrames(BenchFrames frames, string path)
    {
        var samples = new float[frames.Count * FrameLayout.FrameLength];
        for (int i = 0; i < frames.Count; i++)
        {
            frames.Frames[i].Samples.CopyTo(samples, i * FrameLayout.FrameLength);
        }
        NpyFile.Write(path, samples, frames.Count, FrameLayout.FrameLength);
    }

    private static void Record(BenchStages stages, PythonBlock block)
    {
        for (int i = 0; i < block.TotalUs.Length; i++)
        {
            stages.Features.Record((long)(block.FeaturesUs[i] * 1e3));
            stages.Inference.Record((long)(block.InferenceUs[i] * 1e3));
            stages.Forecast.Record((long)(block.ForecastUs[i] * 1e3));
            stages.EndToEnd.Record((long)(block.TotalUs[i] * 1e3));
        }
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }
        double[] sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
