namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// The allocation check for per-reading paths. After a warm-up long enough for the JIT to settle (tiered
/// compilation swaps in optimised code after a while, which may allocate once), many more calls must
/// allocate less than one byte each in all: nothing per call.
/// </summary>
internal static class Allocations
{
    public static void AssertNonePerCall(Action<int> call, int calls = 10_000)
    {
        for (int i = 0; i < 1_000; i++)
        {
            call(i);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            call(i);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < calls, $"{allocated} bytes allocated over {calls} calls");
    }
}
