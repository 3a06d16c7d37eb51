using System.Diagnostics;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>Replay through real sinks: every session in order, at the recorded pace or fast, stoppable.</summary>
public sealed class RecordingPlayerTests
{
    [Fact]
    public void AFastReplayDeliversEverySessionAndReadingInOrder()
    {
        Recording recording = Read((SampleReadings.Session("a.wav"), SampleReadings.Readings(4)), (SampleReadings.Session("b.wav"), SampleReadings.Readings(6)));
        var sink = new CollectingSink();

        IReadOnlyList<SessionSummary> summaries = Play(recording, sink, realPace: false, CancellationToken.None);

        Assert.Equal(["a.wav", "b.wav"], sink.Sessions.Select(s => s.Source));
        Assert.Equal([4L, 6L], summaries.Select(s => s.Counters.Readings));
        Assert.Equal(2, sink.Completed);
        Assert.Equal([.. Enumerable.Range(0, 4), .. Enumerable.Range(0, 6)], sink.Readings.Select(r => (int)r.Sequence));
        // The recorded latencies come back as a timeline, so the replay's report shows them.
        Assert.Equal(10, summaries.Sum(s => s.Latency.EndToEnd.Count));
    }

    [Fact]
    public void AtRealPaceNoReadingComesOutBeforeItsStreamTime()
    {
        Recording recording = Read((SampleReadings.Session(), SampleReadings.Readings(4)));
        var sink = new CollectingSink();
        var clock = Stopwatch.StartNew();
        DateTimeOffset before = DateTimeOffset.UtcNow;

        Play(recording, sink, realPace: true, CancellationToken.None);

        // Readings are 0.5 s apart; a timer may round down by a millisecond or so, never by tens.
        foreach (var (reading, elapsed) in sink.Received)
        {
            Assert.True(elapsed >= TimeSpan.FromSeconds(reading.StartTime) - TimeSpan.FromMilliseconds(20), $"reading at {reading.StartTime} s came out at {elapsed}");
        }
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.48));
        // The replayed session starts when the replay does, so OSC time tags point at the replay, not the recording.
        Assert.InRange(sink.Sessions[0].StartedUtc, before.AddSeconds(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void AStoppedReplayStillCompletesItsSinks()
    {
        Recording recording = Read((SampleReadings.Session(), SampleReadings.Readings(40)), (SampleReadings.Session(), SampleReadings.Readings(40)));
        var sink = new CollectingSink();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.2));

        IReadOnlyList<SessionSummary> summaries = Play(recording, sink, realPace: true, stop.Token);

        SessionSummary summary = Assert.Single(summaries);
        Assert.True(summary.Cancelled);
        Assert.Equal(1, sink.Completed);
        Assert.InRange(sink.Received.Count, 1, 39);
    }

    private static Recording Read(params (SessionInfo, IReadOnlyList<EmotionReading>)[] sessions) =>
        RecordingReader.Read(RecordedReadings.Record(sessions).Bytes, "memory");

    private static IReadOnlyList<SessionSummary> Play(Recording recording, IReadingSink sink, bool realPace, CancellationToken cancellationToken) =>
        new RecordingPlayer([sink], realPace).PlayAsync(recording, cancellationToken).GetAwaiter().GetResult();
}
