using System.Runtime.InteropServices;
using MusicEmotion.Native.Windows;

namespace MusicEmotion.Native.Posix;

/// <summary>
/// Gives the calling thread real-time scheduling, as audio software does for its processing thread: on a busy
/// machine an ordinary thread waits out other threads' time slices (milliseconds each), a real-time one runs as
/// soon as it is runnable. .NET's <see cref="Thread.Priority"/> does not reach the kernel's policy on Linux.
/// </summary>
public static class ThreadScheduling
{
    /// <summary>
    /// The SCHED_FIFO priority asked for: low on the 1..99 scale, so the thread goes before every ordinary thread
    /// but after a sound server's own real-time threads, which must not wait for us.
    /// </summary>
    public const int RealtimePriority = 10;

    /// <summary>SCHED_FIFO in Linux's sched.h.</summary>
    private const int SchedFifo = 1;

    /// <summary>EPERM: the process lacks CAP_SYS_NICE and its RLIMIT_RTPRIO is below the priority asked for.</summary>
    private const int NotPermitted = 1;

    /// <summary>What <see cref="MakeCurrentThreadRealtime"/> set, in words, for reports.</summary>
    public static string RealtimeDescription =>
        OperatingSystem.IsWindows() ? $"MMCSS '{MmcssTask}', else highest thread priority" : $"SCHED_FIFO priority {RealtimePriority}";

    /// <summary>The Multimedia Class Scheduler task audio hosts register their processing threads under on Windows.</summary>
    private const string MmcssTask = "Pro Audio";

    /// <summary>Switches the calling thread to real-time scheduling from now on.</summary>
    /// <exception cref="UnauthorizedAccessException">The kernel refused: not permitted for this user.</exception>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor Windows.</exception>
    public static unsafe void MakeCurrentThreadRealtime()
    {
        if (OperatingSystem.IsWindows())
        {
            // MMCSS raises a registered thread into the real-time range for every user, as WASAPI hosts do; where
            // the service is off, Highest is what an ordinary thread may have, below time-critical system work.
            uint taskIndex = 0;
            if (WindowsThreadInterop.AvSetMmThreadCharacteristics(MmcssTask, ref taskIndex) == IntPtr.Zero)
            {
                Thread.CurrentThread.Priority = ThreadPriority.Highest;
            }
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("real-time thread scheduling is supported on Linux and Windows only");
        }
        int priority = RealtimePriority;
        if (PosixInterop.SetScheduler(0, SchedFifo, &priority) == 0)
        {
            return;
        }
        int errno = Marshal.GetLastPInvokeError();
        throw errno == NotPermitted
            ? new UnauthorizedAccessException(
                $"the kernel refused real-time scheduling ({RealtimeDescription}) for this user: run as root, or allow it "
                + $"with an rtprio limit of at least {RealtimePriority} (/etc/security/limits.d) or CAP_SYS_NICE")
            : new InvalidOperationException($"sched_setscheduler failed with errno {errno}");
    }

    /// <summary>
    /// Linux's real-time throttle: real-time threads together may run <c>Runtime</c> of every <c>Period</c> (by default
    /// 950 ms of each second), then wait out the rest, so a runaway one cannot freeze the machine. Null where it is
    /// unknown or switched off.
    /// </summary>
    public static (TimeSpan Runtime, TimeSpan Period)? RealtimeThrottle()
    {
        if (!OperatingSystem.IsLinux()
            || !TryReadMicroseconds("/proc/sys/kernel/sched_rt_runtime_us", out long runtime)
            || !TryReadMicroseconds("/proc/sys/kernel/sched_rt_period_us", out long period)
            || runtime < 0)
        {
            return null;
        }
        return (TimeSpan.FromMicroseconds(runtime), TimeSpan.FromMicroseconds(period));
    }

    private static bool TryReadMicroseconds(string path, out long microseconds)
    {
        microseconds = 0;
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture, out microseconds);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
