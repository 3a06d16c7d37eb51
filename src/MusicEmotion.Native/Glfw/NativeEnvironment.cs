using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Glfw;

/// <summary>
/// Sets environment variables that native libraries read with <c>getenv</c>: Xlib reads DISPLAY when GLFW
/// opens the display, Mesa reads its MESA_* overrides when it creates a context. On Unix .NET keeps its own
/// copy of the environment, so <see cref="Environment.SetEnvironmentVariable(string, string)"/> alone is not
/// seen by them; this changes both copies.
/// </summary>
public static unsafe class NativeEnvironment
{
    public static void Set(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // libc is already mapped into every .NET process on Unix; its symbols are found through the main
        // program's global scope, so no extra library name is needed.
        IntPtr process = NativeLibrary.GetMainProgramHandle();
        IntPtr nameUtf8 = Marshal.StringToCoTaskMemUTF8(name);
        IntPtr valueUtf8 = value is null ? IntPtr.Zero : Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            int status = value is null
                ? ((delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(process, "unsetenv"))(nameUtf8)
                : ((delegate* unmanaged<IntPtr, IntPtr, int, int>)NativeLibrary.GetExport(process, "setenv"))(
                    nameUtf8, valueUtf8, 1);
            if (status != 0)
            {
                throw new ArgumentException($"cannot set environment variable '{name}'", nameof(name));
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(nameUtf8);
            Marshal.FreeCoTaskMem(valueUtf8);
        }
    }
}
