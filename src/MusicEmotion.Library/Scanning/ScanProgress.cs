using System.Collections.Concurrent;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Scanning;

/// <summary>Counters the workers update and a progress bar reads, from any thread.</summary>
public sealed class ScanProgress
{
    private int _done;
    private int _failed;
    private int _lost;
    private double _audioSeconds;
    private readonly ConcurrentQueue<string> _failures = new();

    /// <summary>Files analysed and stored (failed ones included).</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>Files recorded as unreadable.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Files whose lease ran out while this process analysed them: another worker owns them now.</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Seconds of audio analysed, for throughput.</summary>
    public double AudioSeconds => Volatile.Read(ref _audioSeconds);

    /// <summary>The one-line reasons of the files recorded as unreadable, in the order they were stored.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    internal void Stored(AnalysedTrack track)
    {
        Interlocked.Increment(ref _done);
        if (track.Error is { } error)
        {
            Interlocked.Increment(ref _failed);
            _failures.Enqueue(error);
        }
        double seconds = track.DurationSeconds;
        double current, next;
        do
        {
            current = Volatile.Read(ref _audioSeconds);
            next = current + seconds;
        }
        while (Interlocked.CompareExchange(ref _audioSeconds, next, current) != current);
    }

    internal void LeaseLost() => Interlocked.Increment(ref _lost);
}
