using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// Re-emits a recording through sinks (console formats, OSC, the view, another recording) as the pipeline
/// would: each session started, its readings in order through one bounded channel per sink, then completed.
/// At real pace each reading comes out when its stream time, counted from the session's first reading, has
/// passed; fast, they come out as quickly as the slowest sink takes them. The replayed session's start time is
/// the moment the replay reaches its first reading, so OSC time tags stay meaningful to the receiver.
/// </summary>
public sealed class RecordingPlayer(IEnumerable<IReadingSink> sinks, bool realPace)
{
    private readonly IReadingSink[] _sinks = sinks?.ToArray() ?? throw new ArgumentNullException(nameof(sinks));

    /// <summary>Plays every session in turn; returns a summary per session played (fewer when cancelled).</summary>
    public async Task<IReadOnlyList<SessionSummary>> PlayAsync(Recording recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var summaries = new List<SessionSummary>();
        foreach (RecordedSession recorded in recording.Sessions)
        {
            SessionSummary summary = await PlaySessionAsync(recorded, cancellationToken).ConfigureAwait(false);
            summaries.Add(summary);
            if (summary.Cancelled)
            {
                break;
            }
        }
        return summaries;
    }

    private async Task<SessionSummary> PlaySessionAsync(RecordedSession recorded, CancellationToken cancellationToken)
    {
        var counters = new PipelineCounters();
        var latency = new LatencyReport();
        var fanOut = new ReadingFanOut(_sinks, counters, ChannelPolicy.Wait);
        IReadOnlyList<EmotionReading> readings = recorded.Readings;
        double first = readings.Count > 0 ? readings[0].StartTime : 0;
        var clock = new StreamClock(origin: first);
        fanOut.Start(recorded.Header.Session with { StartedUtc = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(first) });
        bool cancelled = false;
        try
        {
            foreach (EmotionReading reading in readings)
            {
                if (realPace)
                {
                    await clock.WaitUntilAsync(reading.StartTime, cancellationToken).ConfigureAwait(false);
                }
                await fanOut.PublishAsync(reading).ConfigureAwait(false);
                counters.ReadingMade();
                latency.Record(reading.Timeline);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        var summary = new SessionSummary { Counters = counters, Latency = latency, Cancelled = cancelled };
        await fanOut.CompleteAsync(summary).ConfigureAwait(false);
        return summary;
    }
}
