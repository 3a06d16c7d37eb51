using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Glfw;

/// <summary>
/// The part of the GLFW 3.3 C API the view uses: library set-up, windows with an OpenGL context, monitors,
/// input callbacks and the context's function lookup. Errors are read back with <see cref="GetError"/>
/// (per thread, since 3.3), so no error callback has to run inside GLFW.
/// </summary>
public static unsafe partial class GlfwInterop
{
    public const int True = 1;
    public const int False = 0;
    public const int DontCare = -1;

    // Window hints.
    public const int Resizable = 0x00020003;
    public const int Visible = 0x00020004;
    public const int TransparentFramebuffer = 0x0002000A;
    public const int AlphaBits = 0x00021004;
    public const int DepthBits = 0x00021005;
    public const int StencilBits = 0x00021006;
    public const int Samples = 0x0002100D;
    public const int RefreshRate = 0x0002100F;
    public const int DoubleBuffer = 0x00021010;
    public const int ClientApi = 0x00022001;
    public const int ContextVersionMajor = 0x00022002;
    public const int ContextVersionMinor = 0x00022003;
    public const int OpenGlForwardCompat = 0x00022006;
    public const int OpenGlProfile = 0x00022008;
    public const int ScaleToMonitor = 0x0002200C;
    public const int OpenGlApi = 0x00030001;
    public const int OpenGlCoreProfile = 0x00032001;

    // Error codes.
    public const int NoError = 0;
    public const int ApiUnavailable = 0x00010006;
    public const int VersionUnavailable = 0x00010007;
    public const int FormatUnavailable = 0x00010009;

    // Key and mouse button actions, and the keys the view binds (GLFW uses ASCII upper case for letters).
    public const int Release = 0;
    public const int Press = 1;
    public const int KeyEscape = 256;
    public const int KeyF11 = 300;
    public const int KeyKeypad0 = 320;
    public const int KeyKeypad1 = 321;
    public const int KeyKeypad2 = 322;
    public const int KeyKeypad3 = 323;
    public const int KeyKeypad4 = 324;
    public const int KeyKeypadSubtract = 333;
    public const int KeyKeypadAdd = 334;

    /// <summary>GLFW_MOUSE_BUTTON_LEFT (GLFW_MOUSE_BUTTON_1).</summary>
    public const int MouseButtonLeft = 0;

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwInit")]
    public static partial int Init();

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwTerminate")]
    public static partial void Terminate();

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetVersionString")]
    public static partial byte* GetVersionString();

    /// <summary>The calling thread's last error code and its description, clearing it.</summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetError")]
    public static partial int GetError(byte** description);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwDefaultWindowHints")]
    public static partial void DefaultWindowHints();

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwWindowHint")]
    public static partial void WindowHint(int hint, int value);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr CreateWindow(int width, int height, string title, IntPtr monitor, IntPtr share);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwDestroyWindow")]
    public static partial void DestroyWindow(IntPtr window);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwWindowShouldClose")]
    public static partial int WindowShouldClose(IntPtr window);

    /// <summary>Safe from any thread: the way another thread asks the render loop to end.</summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetWindowShouldClose")]
    public static partial void SetWindowShouldClose(IntPtr window, int value);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetWindowPos")]
    public static partial void GetWindowPos(IntPtr window, out int x, out int y);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetWindowSize")]
    public static partial void GetWindowSize(IntPtr window, out int width, out int height);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetWindowSize")]
    public static partial void SetWindowSize(IntPtr window, int width, int height);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetFramebufferSize")]
    public static partial void GetFramebufferSize(IntPtr window, out int width, out int height);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetWindowMonitor")]
    public static partial IntPtr GetWindowMonitor(IntPtr window);

    /// <summary>Moves a window onto a monitor (full screen) or, with a null monitor, back to windowed mode.</summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetWindowMonitor")]
    public static partial void SetWindowMonitor(
        IntPtr window, IntPtr monitor, int x, int y, int width, int height, int refreshRate);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetWindowUserPointer")]
    public static partial void SetWindowUserPointer(IntPtr window, IntPtr pointer);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetWindowUserPointer")]
    public static partial IntPtr GetWindowUserPointer(IntPtr window);

    /// <summary>
    /// Installs a key callback: <c>(window, key, scancode, action, mods)</c>. The callback runs inside
    /// <see cref="PollEvents"/> and must not let an exception escape.
    /// </summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetKeyCallback")]
    public static partial IntPtr SetKeyCallback(
        IntPtr window, delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, void> callback);

    /// <summary>
    /// Installs a mouse button callback: <c>(window, button, action, mods)</c>, action <see cref="Press"/> or
    /// <see cref="Release"/>. Runs inside <see cref="PollEvents"/>; no exception may escape it.
    /// </summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetMouseButtonCallback")]
    public static partial IntPtr SetMouseButtonCallback(
        IntPtr window, delegate* unmanaged[Cdecl]<IntPtr, int, int, int, void> callback);

    /// <summary>
    /// Installs a cursor position callback: <c>(window, x, y)</c> in screen coordinates from the content area's top
    /// left (not framebuffer pixels on a high-DPI screen). Runs inside <see cref="PollEvents"/>; no exception may escape it.
    /// </summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSetCursorPosCallback")]
    public static partial IntPtr SetCursorPosCallback(
        IntPtr window, delegate* unmanaged[Cdecl]<IntPtr, double, double, void> callback);

    /// <summary>The cursor's position in screen coordinates from the content area's top left.</summary>
    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetCursorPos")]
    public static partial void GetCursorPos(IntPtr window, out double x, out double y);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetMonitors")]
    public static partial IntPtr* GetMonitors(out int count);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetMonitorName")]
    public static partial byte* GetMonitorName(IntPtr monitor);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetVideoMode")]
    public static partial VideoMode* GetVideoMode(IntPtr monitor);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwMakeContextCurrent")]
    public static partial void MakeContextCurrent(IntPtr window);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSwapInterval")]
    public static partial void SwapInterval(int interval);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwSwapBuffers")]
    public static partial void SwapBuffers(IntPtr window);

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwPollEvents")]
    public static partial void PollEvents();

    [LibraryImport(NativeLibraries.Glfw, EntryPoint = "glfwGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GetProcAddress(string name);

    /// <summary>The calling thread's last error as "description (0xCODE)", or null when there was none.</summary>
    public static string? TakeError(out int code)
    {
        byte* description = null;
        code = GetError(&description);
        if (code == NoError)
        {
            return null;
        }
        string text = description is null ? "no description" : Marshal.PtrToStringUTF8((IntPtr)description) ?? "";
        return $"{text} (0x{code:X5})";
    }

    public static string? MonitorName(IntPtr monitor)
    {
        byte* name = GetMonitorName(monitor);
        return name is null ? null : Marshal.PtrToStringUTF8((IntPtr)name);
    }

    public static string VersionString => Marshal.PtrToStringUTF8((IntPtr)GetVersionString()) ?? "unknown";

    /// <summary>GLFWvidmode.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct VideoMode
    {
        public int Width;
        public int Height;
        public int RedBits;
        public int GreenBits;
        public int BlueBits;
        public int RefreshRate;
    }
}
