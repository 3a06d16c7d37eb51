using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Posix;

/// <summary>The few C library calls .NET does not offer: the native environment, descriptor duplication, thread affinity and scheduling.</summary>
internal static partial class PosixInterop
{
    public const int StandardError = 2;

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int SetEnvironmentVariable(string name, string value, int overwrite);

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int UnsetEnvironmentVariable(string name);

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "dup", SetLastError = true)]
    public static partial int Duplicate(int descriptor);

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "dup2", SetLastError = true)]
    public static partial int DuplicateTo(int descriptor, int target);

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    /// <summary>Linux: pid 0 is the calling thread; the mask is a cpu_set_t of <paramref name="size"/> bytes.</summary>
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static unsafe partial int SetAffinity(int pid, nuint size, byte* mask);

    /// <summary>Linux: pid 0 is the calling thread; fills <paramref name="mask"/> with the CPUs it may run on.</summary>
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static unsafe partial int GetAffinity(int pid, nuint size, byte* mask);

    /// <summary>Linux: pid 0 is the calling thread; <paramref name="priority"/> points at a struct sched_param (one int).</summary>
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static unsafe partial int SetScheduler(int pid, int policy, int* priority);
}
