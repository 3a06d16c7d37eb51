using MusicEmotion.Inference;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Visualiser;

public sealed class ViewFeedTests
{
    [Fact]
    public void ReadsBackTheNewestReadingsOldestFirst()
    {
        var feed = new ViewFeed(8);
        for (int i = 0; i < 5; i++)
        {
            feed.Publish(ScriptedReadings.At(i * 0.5, i / 10f, -i / 10f));
        }
        var copy = new ViewReading[3];
        int count = feed.CopyLatest(copy, out long first);
        Assert.Equal(3, count);
        Assert.Equal(2, first);
        Assert.Equal([1.0, 1.5, 2.0], copy.Select(r => r.StreamSeconds));
        Assert.Equal(5, feed.Published);
    }

    [Fact]
    public void KeepsTheLastCapacityReadingsWhenItWraps()
    {
        var feed = new ViewFeed(4);
        for (int i = 0; i < 11; i++)
        {
            feed.Publish(ScriptedReadings.At(i, 0, 0));
        }
        Assert.Equal([7.0, 8, 9, 10], feed.ToArray().Select(r => r.StreamSeconds));
    }

    [Fact]
    public void ReadingCarriesItsForecastLabelAndQuadrant()
    {
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(1, 0.7f, -0.6f, new ForecastPoint(0.5f, new AffectPoint(0.6f, -0.5f), 0.1f)));
        ViewReading[] all = feed.ToArray();
        Assert.Equal(Quadrant.ActiveNegative, all[0].Quadrant);
        Assert.Equal(Circumplex.Label(new AffectPoint(0.7f, -0.6f)), all[0].Label);
        Assert.Equal(new ForecastPoint(0.5f, new AffectPoint(0.6f, -0.5f), 0.1f), Assert.Single(all[0].Forecast.ToArray()));
    }

    [Fact]
    public void RejectsAForecastLongerThanAReadingHolds()
    {
        var tooMany = new ForecastPoint[ViewReading.MaxForecastSteps + 1];
        var error = Assert.Throws<ArgumentException>(() => new ViewReading(0, default, default, tooMany));
        Assert.Contains($"at most {ViewReading.MaxForecastSteps}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReaderNeverSeesATornOrMisorderedReadingWhileTheWriterRuns()
    {
        // The writer publishes readings whose fields are all derived from their sequence number; a torn
        // copy (fields from two different readings) or a reordered one would break that relation.
        var feed = new ViewFeed(16);
        const int total = 200_000;
        var writer = new Thread(() =>
        {
            Span<ForecastPoint> forecast = stackalloc ForecastPoint[4];
            for (int i = 0; i < total; i++)
            {
                for (int k = 0; k < forecast.Length; k++)
                {
                    forecast[k] = new ForecastPoint(i, new AffectPoint(k, i), i);
                }
                feed.Publish(new ViewReading(i, new AffectPoint(i, -i), new InputLevel(i, i), forecast));
            }
        });
        writer.Start();
        var copy = new ViewReading[16];
        long reads = 0;
        while (writer.IsAlive || reads == 0)
        {
            int count = feed.CopyLatest(copy, out long first);
            for (int j = 0; j < count; j++)
            {
                float expected = first + j;
                ViewReading r = copy[j];
                Assert.Equal(expected, (float)r.StreamSeconds);
                Assert.Equal(new AffectPoint(expected, -expected), r.Point);
                Assert.Equal(expected, r.Level.Peak);
                Assert.All(r.Forecast.ToArray(), f => Assert.Equal(expected, f.Point.Valence));
            }
            reads++;
        }
        writer.Join();
        Assert.Equal(total, feed.Published);
    }

    [Fact]
    public void PublishingAndReadingAllocateNothing()
    {
        var feed = new ViewFeed(64);
        ViewReading reading = ScriptedReadings.At(1, 0.2f, 0.3f, new ForecastPoint(0.5f, new AffectPoint(0.1f, 0.1f)));
        var copy = new ViewReading[32];
        // Warm up past tiered compilation, whose one-off bookkeeping is not the feed's.
        for (int round = 0; round < 50; round++)
        {
            Exchange(feed, reading, copy, 200);
        }
        (long allocated, _) = Allocations.During(1, _ =>
        {
            Exchange(feed, reading, copy, 10_000);
            return 0;
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void BuildingAReadingWithItsLabelAllocatesNothing()
    {
        ForecastPoint[] forecast = [new(0.5f, new AffectPoint(0.3f, 0.4f), 0.1f), new(1f, new AffectPoint(0.5f, 0.2f))];
        long sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += Build(i, forecast).Label.Length;
        }
        (long allocated, _) = Allocations.During(10_000, i =>
        {
            sum += Build(i, forecast).Label.Length;
            return 0;
        });
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    private static ViewReading Build(int i, ReadOnlySpan<ForecastPoint> forecast) =>
        new(i * 0.5, new AffectPoint(MathF.Sin(i), MathF.Cos(i)), new InputLevel(0.1f, 0.3f), forecast);

    private static void Exchange(ViewFeed feed, in ViewReading reading, ViewReading[] copy, int times)
    {
        for (int i = 0; i < times; i++)
        {
            feed.Publish(reading);
            feed.CopyLatest(copy, out _);
            feed.PublishStatus(Status);
        }
    }

    private static readonly ViewStatus Status = new("managed", "managed", "file", 1, 2, 0);
}
