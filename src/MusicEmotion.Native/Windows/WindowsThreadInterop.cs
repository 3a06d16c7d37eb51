using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Windows;

/// <summary>The Windows calls for one thread's core and class: affinity (kernel32) and MMCSS (avrt), as audio hosts use.</summary>
internal static partial class WindowsThreadInterop
{
    [LibraryImport("kernel32", EntryPoint = "GetCurrentThread")]
    public static partial IntPtr CurrentThread();

    /// <summary>Returns the previous mask, or 0 when refused (the CPU is outside the process's mask).</summary>
    [LibraryImport("kernel32", EntryPoint = "SetThreadAffinityMask", SetLastError = true)]
    public static partial nuint SetThreadAffinityMask(IntPtr thread, nuint mask);

    /// <summary>Registers the calling thread with the Multimedia Class Scheduler under a task name ("Pro Audio").</summary>
    [LibraryImport("avrt", EntryPoint = "AvSetMmThreadCharacteristicsW", StringMarshalling = StringMarshalling.Utf16, SetLastError = true)]
    public static partial IntPtr AvSetMmThreadCharacteristics(string taskName, ref uint taskIndex);
}
