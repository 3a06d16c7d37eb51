using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Visualiser.Feed;

/// <summary>
/// The exchange between the pipeline and the render thread. One writer (the pipeline's view sink) publishes
/// readings into a ring and bumps a published count; any number of readers copy the readings they want and
/// check afterwards that the writer has not lapped them. The writer never waits, takes no lock and
/// allocates nothing, so a slow or stalled view cannot hold up inference; a reader that falls a whole ring
/// behind loses only the readings that were overwritten.
/// </summary>
public sealed class ViewFeed
{
    private readonly ViewReading[] _ring;
    private readonly int _mask;
    private long _started;
    private long _published;
    private ViewStatus? _status;
    private IReadOnlyList<Suggestion> _suggestions = [];

    /// <param name="capacity">Readings kept; rounded up to a power of two. The default holds over two hours at 2 Hz.</param>
    public ViewFeed(int capacity = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }
        _ring = new ViewReading[size];
        _mask = size - 1;
    }

    /// <summary>How many readings the ring keeps.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Readings published so far; also the sequence number the next one gets.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>The latest status, or null before the pipeline reported one.</summary>
    public ViewStatus? Status => Volatile.Read(ref _status);

    /// <summary>The latest next-track suggestions, cheapest first; empty without a library.</summary>
    public IReadOnlyList<Suggestion> Suggestions => Volatile.Read(ref _suggestions);

    /// <summary>
    /// Replaces the suggestions shown in the strip. The list is swapped whole and never changed afterwards, so the
    /// render thread reads it without a lock and without copying.
    /// </summary>
    public void PublishSuggestions(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        Volatile.Write(ref _suggestions, suggestions);
    }

    /// <summary>Publishes a reading. Single writer: call from one thread at a time.</summary>
    public void Publish(in ViewReading reading)
    {
        long sequence = _published;
        // Announce the write before touching the slot (a full fence, so no slot byte can be seen first): a
        // reader that catches the slot half written also sees this count and drops its copy.
        Interlocked.Exchange(ref _started, sequence + 1);
        _ring[(int)(sequence & _mask)] = reading;
        // Release: a reader that sees the new count sees the whole slot.
        Volatile.Write(ref _published, sequence + 1);
    }

    /// <summary>Replaces the status; the view picks it up on its next frame.</summary>
    public void PublishStatus(ViewStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Volatile.Write(ref _status, status);
    }

    /// <summary>
    /// Copies the newest readings, oldest first, into <paramref name="destination"/> and returns how many:
    /// at most its length, at most what the ring still holds (fewer when the writer laps the reader during the
    /// copy: the readings it may have overwritten are left out). <paramref name="firstSequence"/> is the sequence
    /// number of the first one copied.
    /// </summary>
    public int CopyLatest(Span<ViewReading> destination, out long firstSequence)
    {
        long end = Volatile.Read(ref _published);
        long start = Math.Max(0, end - Math.Min(destination.Length, _ring.Length));
        int count = (int)(end - start);
        for (int i = 0; i < count; i++)
        {
            destination[i] = _ring[(int)((start + i) & _mask)];
        }
        // The slots were read before this look at the writes begun (full fence). Writing reading n recycles
        // the slot of n - capacity; any reading the writer may have been recycling while we copied can be
        // torn and is dropped, the rest are sound. The reader never waits or retries, so a fast writer
        // cannot starve it.
        Interlocked.MemoryBarrier();
        long started = Volatile.Read(ref _started);
        long firstSound = Math.Max(start, started - _ring.Length);
        int torn = (int)Math.Min(firstSound - start, count);
        if (torn > 0)
        {
            destination[torn..count].CopyTo(destination);
            count -= torn;
        }
        firstSequence = start + torn;
        return count;
    }

    /// <summary>Every reading the ring still holds, oldest first: what was fed, kept after the view closed.</summary>
    public ViewReading[] ToArray()
    {
        var all = new ViewReading[(int)Math.Min(Published, _ring.Length)];
        int count = CopyLatest(all, out _);
        return count == all.Length ? all : all[..count];
    }
}
