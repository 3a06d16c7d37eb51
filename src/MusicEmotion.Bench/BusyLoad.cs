namespace MusicEmotion.Bench;

/// <summary>
/// Threads that keep CPUs busy while a bench runs (--load N), to show the frame path's latency when it has to
/// share the machine, as it does beside a DJ's other software. Stops its threads when disposed.
/// </summary>
public sealed class BusyLoad : IDisposable
{
    private readonly Thread[] _threads;
    private volatile bool _stop;

    public BusyLoad(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Spin) { IsBackground = true, Name = $"bench load {i + 1}" };
            _threads[i].Start();
        }
    }

    public int Threads => _threads.Length;

    public void Dispose()
    {
        _stop = true;
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }
    }

    private void Spin()
    {
        // Integer work the JIT cannot drop: the loop's result feeds the exit check.
        ulong x = 88172645463325252UL;
        while (!_stop || x == 0)
        {
            for (int i = 0; i < 10_000; i++)
            {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
        }
    }
}
