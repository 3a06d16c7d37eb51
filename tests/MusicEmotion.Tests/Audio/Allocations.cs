namespace MusicEmotion.Tests.Audio;

/// <summary>Measures what a hot path allocates once warm: the proof behind every "allocation-free" claim here.</summary>
internal static class Allocations
{
    /// <summary>
    /// Calls <paramref name="step"/>(0) once to warm up, then <paramref name="times"/> more times (with 1, 2, ...), and
    /// returns the bytes this thread allocated during those calls and the sum of what they returned.
    /// </summary>
    public static (long Bytes, long Sum) During(int times, Func<int, long> step)
    {
        step(0);
        long sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= times; i++)
        {
            sum += step(i);
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before, sum);
    }
}
