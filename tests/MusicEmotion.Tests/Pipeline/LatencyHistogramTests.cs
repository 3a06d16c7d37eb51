using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void PercentilesAreWithinOnePercentOfTheExactOnes()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)Math.Exp(random.NextDouble() * 16 + 5)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (long v in values)
        {
            histogram.Record(v);
        }
        Array.Sort(values);
        foreach (double p in new[] { 1.0, 50, 90, 99, 99.9, 100 })
        {
            long exact = values[Math.Max(0, (int)Math.Ceiling(p / 100 * values.Length) - 1)];
            long estimate = histogram.ValueAtPercentile(p);
            Assert.InRange(estimate, exact, exact * 1.01 + 1);
        }
        Assert.Equal(values[0], histogram.MinNanoseconds);
        Assert.Equal(values[^1], histogram.MaxNanoseconds);
        Assert.Equal(values.Average(v => (double)v), histogram.MeanNanoseconds, 3);
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("normal")]
    [InlineData("bimodal")]
    public void PercentilesOfKnownDistributionsAreWithinOnePercent(string distribution)
    {
        var random = new Random(5);
        long Draw() => distribution switch
        {
            "uniform" => 50_000 + random.NextInt64(400_000),
            "normal" => Math.Max(1, (long)(250_000 + (40_000 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))),
            _ => random.NextDouble() < 0.95 ? 200_000 + random.NextInt64(20_000) : 2_000_000 + random.NextInt64(500_000),
        };
        long[] values = Enumerable.Range(0, 50_000).Select(_ => Draw()).ToArray();
        var histogram = new LatencyHistogram();
        foreach (long v in values)
        {
            histogram.Record(v);
        }
        Array.Sort(values);
        foreach (double p in new[] { 10.0, 50, 90, 99, 99.9 })
        {
            long exact = values[Math.Max(0, (int)Math.Ceiling(p / 100 * values.Length) - 1)];
            Assert.InRange(histogram.ValueAtPercentile(p), exact, exact * 1.01);
        }
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.Equal(std, histogram.StandardDeviationNanoseconds, std * 1e-6);
    }

    [Fact]
    public void AddingHistogramsIsRecordingEverythingInOne()
    {
        var random = new Random(3);
        var all = new LatencyHistogram();
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        for (int i = 0; i < 10_000; i++)
        {
            long v = (long)Math.Exp(random.NextDouble() * 12 + 6);
            all.Record(v);
            (i % 3 == 0 ? first : second).Record(v);
        }
        first.Add(second);
        Assert.Equal(all.Count, first.Count);
        Assert.Equal(all.MinNanoseconds, first.MinNanoseconds);
        Assert.Equal(all.MaxNanoseconds, first.MaxNanoseconds);
        Assert.Equal(all.MeanNanoseconds, first.MeanNanoseconds, 6);
        Assert.Equal(all.Buckets(), first.Buckets());
    }

    [Fact]
    public void RecordingAllocatesNothing()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(5);
        (long allocated, _) = Allocations.During(10_000, i =>
        {
            histogram.Record(1 + (i * 997L));
            return 0;
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void AnEmptyHistogramReportsZeros()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.MeanNanoseconds);
        Assert.Empty(histogram.Buckets());
    }
}
