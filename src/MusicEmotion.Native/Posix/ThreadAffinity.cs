using System.Runtime.InteropServices;
using MusicEmotion.Native.Windows;

namespace MusicEmotion.Native.Posix;

/// <summary>
/// Pins the calling thread to one CPU (sched_setaffinity on Linux, SetThreadAffinityMask on Windows), so its work is
/// not moved between cores by the scheduler halfway through and its caches stay warm. .NET only offers
/// process-wide affinity.
/// </summary>
public static class ThreadAffinity
{
    /// <summary>Bytes of the kernel's cpu_set_t as glibc defines it (1024 CPUs).</summary>
    private const int MaskBytes = 128;

    /// <summary>Whether this OS lets a thread be pinned here.</summary>
    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsWindows();

    /// <summary>Runs the calling thread on <paramref name="cpu"/> only, from now on.</summary>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor Windows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such CPU, or the kernel refuses it (not in this process's allowed set).</exception>
    public static unsafe void PinCurrentThread(int cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        if (OperatingSystem.IsWindows())
        {
            if (cpu >= nuint.Size * 8 || WindowsThreadInterop.SetThreadAffinityMask(WindowsThreadInterop.CurrentThread(), (nuint)1 << cpu) == 0)
            {
                throw Refused(cpu, Marshal.GetLastPInvokeError());
            }
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("pinning a thread to a CPU is supported on Linux and Windows only");
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, MaskBytes * 8);
        byte* mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        if (PosixInterop.SetAffinity(0, MaskBytes, mask) != 0)
        {
            throw Refused(cpu, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// The highest-numbered CPU the calling thread may run on: where a dedicated thread goes by default, away from
    /// CPU 0, which takes most of the machine's interrupts. The last of the count elsewhere.
    /// </summary>
    public static unsafe int LastAllowedCpu()
    {
        if (OperatingSystem.IsLinux())
        {
            byte* mask = stackalloc byte[MaskBytes];
            new Span<byte>(mask, MaskBytes).Clear();
            if (PosixInterop.GetAffinity(0, MaskBytes, mask) == 0)
            {
                for (int cpu = MaskBytes * 8 - 1; cpu >= 0; cpu--)
                {
                    if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
                    {
                        return cpu;
                    }
                }
            }
        }
        return Environment.ProcessorCount - 1;
    }

    private static ArgumentOutOfRangeException Refused(int cpu, int error) => new(
        nameof(cpu), cpu, $"cannot pin to CPU {cpu} (error {error}): this process may run on CPUs 0-{Environment.ProcessorCount - 1}");
}
