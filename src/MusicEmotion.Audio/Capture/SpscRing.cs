using System.Numerics;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// A lock-free ring for exactly one producer thread and one consumer thread. Each side owns one index and only
/// reads the other's: the producer publishes what it wrote with a release store of the write index, the consumer
/// what it read with a release store of the read index, so neither ever waits for the other. Indices count items
/// since the start (64-bit, they never wrap); the capacity is a power of two, so a slot is index &amp; mask.
/// </summary>
public sealed class SpscRing<T> where T : unmanaged
{
    private readonly T[] _items;
    private readonly int _mask;
    private long _write;
    private long _read;

    /// <param name="capacity">Items the ring holds; a power of two.</param>
    public SpscRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        if (!BitOperations.IsPow2(capacity))
        {
            throw new ArgumentException($"the capacity must be a power of two, got {capacity}", nameof(capacity));
        }
        _items = new T[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _items.Length;

    /// <summary>Items written and not yet read; exact on either side's thread, a snapshot elsewhere.</summary>
    public int Count => (int)(Volatile.Read(ref _write) - Volatile.Read(ref _read));

    /// <summary>Producer: writes all of <paramref name="items"/>, or nothing when they do not fit.</summary>
    public bool TryWrite(ReadOnlySpan<T> items)
    {
        long write = _write;
        if (items.Length > _items.Length - (write - Volatile.Read(ref _read)))
        {
            return false;
        }
        int start = (int)(write & _mask);
        int first = Math.Min(items.Length, _items.Length - start);
        items[..first].CopyTo(_items.AsSpan(start));
        items[first..].CopyTo(_items);
        Volatile.Write(ref _write, write + items.Length);
        return true;
    }

    /// <summary>Producer: room for this many more items.</summary>
    public int FreeSpace => _items.Length - (int)(_write - Volatile.Read(ref _read));

    /// <summary>Consumer: moves up to <paramref name="destination"/>.Length items out and returns how many.</summary>
    public int Read(Span<T> destination)
    {
        long read = _read;
        int count = (int)Math.Min(destination.Length, Volatile.Read(ref _write) - read);
        int start = (int)(read & _mask);
        int first = Math.Min(count, _items.Length - start);
        _items.AsSpan(start, first).CopyTo(destination);
        _items.AsSpan(0, count - first).CopyTo(destination[first..]);
        Volatile.Write(ref _read, read + count);
        return count;
    }
}
