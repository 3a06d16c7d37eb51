namespace MusicEmotion.Tests.Support;

/// <summary>
/// Measures what a hot path allocates once warm: the proof behind every "allocation-free" claim here.
/// </summary>
/// <remarks>
/// The runtime now and then does one-off work on the calling thread (tiered compilation swapping in optimised code,
/// on-stack replacement, a type's first use), which shows as a few hundred bytes in whichever stretch of calls it
/// lands in. A path that allocates per call allocates in every stretch, so each check measures up to
/// <see cref="Rounds"/> stretches and judges the least: a real allocation still fails, a one-off runtime event does not.
/// </remarks>
internal static class Allocations
{
    public const int Rounds = 3;

    /// <summary>
    /// Calls <paramref name="step"/>(0) once to warm up, then measures stretches of <paramref name="times"/> calls
    /// (with 1, 2, ..., <paramref name="times"/>) until one allocates nothing or <see cref="Rounds"/> have run. Returns the
    /// least a stretch allocated, and the sum of what the first stretch's calls returned.
    /// </summary>
    public static (long Bytes, long Sum) During(int times, Func<int, long> step)
    {
        step(0);
        long least = long.MaxValue;
        long firstSum = 0;
        for (int round = 0; round < Rounds && least > 0; round++)
        {
            long sum = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 1; i <= times; i++)
            {
                sum += step(i);
            }
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            if (round == 0)
            {
                firstSum = sum;
            }
        }
        return (least, firstSum);
    }

    /// <summary>
    /// After a thousand warm-up calls, <paramref name="calls"/> more calls must allocate nothing at all, in the least
    /// of up to <see cref="Rounds"/> stretches. Returns how many calls were made, warm-up included, for tests that
    /// check what the calls did.
    /// </summary>
    public static int AssertNonePerCall(Action<int> call, int calls = 10_000)
    {
        const int WarmUp = 1_000;
        int made = 0;
        for (int i = 0; i < WarmUp - 1; i++)
        {
            call(made++);
        }
        (long allocated, _) = During(calls, _ =>
        {
            call(made++);
            return 0;
        });
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {calls} calls after the warm-up");
        return made;
    }
}
