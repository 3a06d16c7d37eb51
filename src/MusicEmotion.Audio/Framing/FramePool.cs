using System.Collections.Concurrent;

namespace MusicEmotion.Audio.Framing;

/// <summary>
/// Reusable frames for the per-frame path: a stage rents one, fills it, passes it on, and the last consumer
/// (or a channel dropping it) returns it. Safe across threads; after warm-up nothing is allocated, because a
/// bounded pipeline never holds more frames than the pool has already made.
/// </summary>
public sealed class FramePool<T> where T : class
{
    private readonly ConcurrentQueue<T> _free = new();
    private readonly Func<T> _create;
    private int _created;

    public FramePool(Func<T> create) => _create = create ?? throw new ArgumentNullException(nameof(create));

    /// <summary>Frames made so far: stays flat in steady state (a test checks it).</summary>
    public int Created => Volatile.Read(ref _created);

    public T Rent()
    {
        if (_free.TryDequeue(out T? item))
        {
            return item;
        }
        Interlocked.Increment(ref _created);
        return _create();
    }

    public void Return(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _free.Enqueue(item);
    }
}
