using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Pipeline;

/// <summary>How a session went: counts, drops, latency, and the error that ended it, if one did.</summary>
public sealed class SessionSummary
{
    public required PipelineCounters Counters { get; init; }

    public required LatencyReport Latency { get; init; }

    /// <summary>Samples (at 44.1 kHz) after the last whole frame, not analysed.</summary>
    public long TailSamples { get; init; }

    /// <summary>The error that ended the session early (bad file, lost device); null when it ran to the end.</summary>
    public Exception? Error { get; init; }

    /// <summary>True when the user stopped it (Ctrl+C, window closed).</summary>
    public bool Cancelled { get; init; }

    /// <summary>The sinks that failed (a full disk, a closed socket), each with why; the others got every reading.</summary>
    public IEnumerable<(string Sink, Exception Failure)> FailedSinks =>
        Counters.Sinks.Where(sink => sink.Value.Failure is not null).Select(sink => (sink.Key, sink.Value.Failure!));
}
