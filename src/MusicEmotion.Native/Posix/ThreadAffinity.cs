using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Posix;

/// <summary>
/// Pins the calling thread to one CPU (Linux sched_setaffinity), so a measurement is not moved between cores
/// by the scheduler halfway through and its caches stay warm. .NET only offers process-wide affinity.
/// </summary>
public static class ThreadAffinity
{
    /// <summary>Bytes of the kernel's cpu_set_t as glibc defines it (1024 CPUs).</summary>
    private const int MaskBytes = 128;

    /// <summary>Runs the calling thread on <paramref name="cpu"/> only, from now on.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such CPU, or the kernel refuses it (not in this process's allowed set).</exception>
    public static unsafe void PinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("pinning a thread to a CPU is supported on Linux only");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, MaskBytes * 8);
        byte* mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        if (PosixInterop.SetAffinity(0, MaskBytes, mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new ArgumentOutOfRangeException(
                nameof(cpu), cpu, $"cannot pin to CPU {cpu} (errno {errno}): this process may run on CPUs 0-{Environment.ProcessorCount - 1}");
        }
    }
}
