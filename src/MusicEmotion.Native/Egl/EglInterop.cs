using System.Runtime.InteropServices;

namespace MusicEmotion.Native.Egl;

/// <summary>
/// The part of EGL 1.5 the offscreen renderer uses: a display (Mesa's surfaceless platform where it exists),
/// an OpenGL core context made current without a window, and the context's function lookup.
/// </summary>
public static unsafe partial class EglInterop
{
    public const int True = 1;
    public const int None = 0x3038;
    public const int Success = 0x3000;
    public const int RedSize = 0x3024;
    public const int GreenSize = 0x3023;
    public const int BlueSize = 0x3022;
    public const int AlphaSize = 0x3021;
    public const int SurfaceType = 0x3033;
    public const int PbufferBit = 0x0001;
    public const int RenderableType = 0x3040;
    public const int OpenGlBit = 0x0008;
    public const int Width = 0x3057;
    public const int Height = 0x3056;
    public const uint OpenGlApi = 0x30A2;
    public const int ContextMajorVersion = 0x3098;
    public const int ContextMinorVersion = 0x30FB;
    public const int ContextOpenGlProfileMask = 0x30FD;
    public const int ContextOpenGlCoreProfileBit = 0x0001;

    /// <summary>EGL_MESA_platform_surfaceless: a display with no window system behind it.</summary>
    public const uint PlatformSurfacelessMesa = 0x31DD;

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GetProcAddress(string name);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglGetDisplay")]
    public static partial IntPtr GetDisplay(IntPtr nativeDisplay);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglInitialize")]
    public static partial uint Initialize(IntPtr display, out int major, out int minor);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglTerminate")]
    public static partial uint Terminate(IntPtr display);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglReleaseThread")]
    public static partial uint ReleaseThread();

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglGetError")]
    public static partial int GetError();

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglBindAPI")]
    public static partial uint BindApi(uint api);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglChooseConfig")]
    public static partial uint ChooseConfig(IntPtr display, int* attributes, IntPtr* configs, int configCapacity, out int count);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglCreateContext")]
    public static partial IntPtr CreateContext(IntPtr display, IntPtr config, IntPtr shareContext, int* attributes);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglDestroyContext")]
    public static partial uint DestroyContext(IntPtr display, IntPtr context);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglCreatePbufferSurface")]
    public static partial IntPtr CreatePbufferSurface(IntPtr display, IntPtr config, int* attributes);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglDestroySurface")]
    public static partial uint DestroySurface(IntPtr display, IntPtr surface);

    [LibraryImport(NativeLibraries.Egl, EntryPoint = "eglMakeCurrent")]
    public static partial uint MakeCurrent(IntPtr display, IntPtr draw, IntPtr read, IntPtr context);

    /// <summary>
    /// eglGetPlatformDisplayEXT, found through <see cref="GetProcAddress"/> because it is an extension;
    /// <see cref="IntPtr.Zero"/> when the EGL library lacks it.
    /// </summary>
    public static IntPtr GetPlatformDisplay(uint platform)
    {
        IntPtr function = GetProcAddress("eglGetPlatformDisplayEXT");
        return function == IntPtr.Zero
            ? IntPtr.Zero
            : ((delegate* unmanaged<uint, IntPtr, int*, IntPtr>)function)(platform, IntPtr.Zero, null);
    }

    /// <summary>"0x3009 EGL_BAD_MATCH"-style text for the calling thread's last EGL error.</summary>
    public static string DescribeError()
    {
        int code = GetError();
        string name = code switch
        {
            Success => "EGL_SUCCESS",
            0x3001 => "EGL_NOT_INITIALIZED",
            0x3002 => "EGL_BAD_ACCESS",
            0x3003 => "EGL_BAD_ALLOC",
            0x3004 => "EGL_BAD_ATTRIBUTE",
            0x3005 => "EGL_BAD_CONFIG",
            0x3006 => "EGL_BAD_CONTEXT",
            0x3008 => "EGL_BAD_DISPLAY",
            0x3009 => "EGL_BAD_MATCH",
            0x300C => "EGL_BAD_PARAMETER",
            0x300D => "EGL_BAD_SURFACE",
            _ => "unknown EGL error",
        };
        return $"0x{code:X4} {name}";
    }
}
