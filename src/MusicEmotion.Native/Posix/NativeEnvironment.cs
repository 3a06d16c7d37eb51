using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Posix;

/// <summary>
/// Sets environment variables that native libraries read with getenv: PortAudio's pulse plugin PULSE_SOURCE and
/// PULSE_SERVER, Xlib DISPLAY when GLFW opens the display, Mesa its MESA_* overrides. On Linux and macOS .NET keeps
/// its own copy of the environment, so <see cref="Environment.SetEnvironmentVariable(string, string)"/> alone is
/// never seen by a library's getenv; this writes both. Call it before the library starts threads that read it.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>, or removes it when the value is null.</summary>
    public static void Set(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        int status = value is null
            ? PosixInterop.UnsetEnvironmentVariable(name)
            : PosixInterop.SetEnvironmentVariable(name, value, overwrite: 1);
        if (status != 0)
        {
            throw new InvalidOperationException($"could not set {name} in the native environment (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
