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
