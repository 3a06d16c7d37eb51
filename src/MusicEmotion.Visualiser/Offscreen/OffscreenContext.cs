using MusicEmotion.Native;
using MusicEmotion.Native.Egl;
using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Window;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Offscreen;

/// <summary>An OpenGL 3.3 core context current on the calling thread with no visible window.</summary>
public abstract class OffscreenContext : IDisposable
{
    private bool _disposed;

    protected OffscreenContext(GL gl, string description)
    {
        Gl = gl;
        Description = description;
    }

    public GL Gl { get; }

    /// <summary>Which way the context was made (EGL surfaceless, EGL pbuffer, hidden GLFW window) and on what renderer.</summary>
    public string Description { get; }

    /// <summary>
    /// EGL first (Mesa's surfaceless platform: no display needed), then a hidden GLFW window when a display
    /// exists. Throws <see cref="DisplayUnavailableException"/> saying why each way failed.
    /// </summary>
    public static OffscreenContext Create()
    {
        string eglReason;
        try
        {
            return EglOffscreenContext.Create();
        }
        catch (Exception e) when (e is NativeLibraryMissingException or EglUnavailableException or OpenGLVersionException)
        {
            eglReason = e.Message;
        }
        try
        {
            return HiddenWindowContext.Create();
        }
        catch (Exception e) when (e is DisplayUnavailableException or NativeLibraryMissingException)
        {
            throw new DisplayUnavailableException($"no offscreen OpenGL: EGL: {eglReason}; hidden window: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Release();
        Gl.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract void Release();
}

/// <summary>EGL could not give an OpenGL 3.3 core context; the message says at which step.</summary>
public sealed class EglUnavailableException : Exception
{
    public EglUnavailableException(string message)
        : base(message)
    {
    }

    public EglUnavailableException()
    {
    }

    public EglUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// An EGL context on Mesa's surfaceless platform, drawing only into framebuffer objects; where that
/// platform is missing, the default EGL display with a 1x1 pbuffer surface.
/// </summary>
public sealed class EglOffscreenContext : OffscreenContext
{
    private readonly IntPtr _display;
    private readonly IntPtr _context;
    private readonly IntPtr _surface;

    private EglOffscreenContext(GL gl, string description, IntPtr display, IntPtr context, IntPtr surface)
        : base(gl, description)
    {
        _display = display;
        _context = context;
        _surface = surface;
    }

    public static new unsafe EglOffscreenContext Create()
    {
        NativeLibraries.Load(NativeLibraries.Egl);
        bool surfaceless = true;
        IntPtr display = EglInterop.GetPlatformDisplay(EglInterop.PlatformSurfacelessMesa);
        if (display == IntPtr.Zero)
        {
            surfaceless = false;
            display = EglInterop.GetDisplay(IntPtr.Zero);
        }
        if (display == IntPtr.Zero || EglInterop.Initialize(display, out _, out _) != EglInterop.True)
        {
            throw new EglUnavailableException($"no EGL display ({EglInterop.DescribeError()})");
        }
        IntPtr context = IntPtr.Zero, surface = IntPtr.Zero;
        try
        {
            if (EglInterop.BindApi(EglInterop.OpenGlApi) != EglInterop.True)
            {
                throw new EglUnavailableException($"EGL cannot bind desktop OpenGL ({EglInterop.DescribeError()})");
            }
            int* configAttributes = stackalloc int[]
            {
                EglInterop.SurfaceType, EglInterop.PbufferBit,
                EglInterop.RenderableType, EglInterop.OpenGlBit,
                EglInterop.RedSize, 8, EglInterop.GreenSize, 8, EglInterop.BlueSize, 8, EglInterop.AlphaSize, 8,
                EglInterop.None,
            };
            IntPtr config;
            if (EglInterop.ChooseConfig(display, configAttributes, &config, 1, out int found) != EglInterop.True || found < 1)
            {
                throw new EglUnavailableException($"no EGL config for RGBA8 desktop OpenGL ({EglInterop.DescribeError()})");
            }
            int* contextAttributes = stackalloc int[]
            {
                EglInterop.ContextMajorVersion, 3,
                EglInterop.ContextMinorVersion, 3,
                EglInterop.ContextOpenGlProfileMask, EglInterop.ContextOpenGlCoreProfileBit,
                EglInterop.None,
            };
            context = EglInterop.CreateContext(display, config, IntPtr.Zero, contextAttributes);
            if (context == IntPtr.Zero)
            {
                throw new OpenGLVersionException($"no OpenGL 3.3 core context from EGL ({EglInterop.DescribeError()})");
            }
            if (!surfaceless)
            {
                int* pbufferAttributes = stackalloc int[] { EglInterop.Width, 1, EglInterop.Height, 1, EglInterop.None };
                surface = EglInterop.CreatePbufferSurface(display, config, pbufferAttributes);
                if (surface == IntPtr.Zero)
                {
                    throw new EglUnavailableException($"no EGL pbuffer surface ({EglInterop.DescribeError()})");
                }
            }
            if (EglInterop.MakeCurrent(display, surface, surface, context) != EglInterop.True)
            {
                throw new EglUnavailableException($"cannot make the EGL context current ({EglInterop.DescribeError()})");
            }
            GL gl = OpenGlFunctions.Load(EglInterop.GetProcAddress);
            string how = surfaceless ? "EGL surfaceless" : "EGL pbuffer";
            return new EglOffscreenContext(gl, $"{how}, {OpenGlFunctions.Describe(gl)}", display, context, surface);
        }
        catch
        {
            Destroy(display, context, surface);
            throw;
        }
    }

    protected override void Release() => Destroy(_display, _context, _surface);

    private static void Destroy(IntPtr display, IntPtr context, IntPtr surface)
    {
        EglInterop.MakeCurrent(display, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (surface != IntPtr.Zero)
        {
            EglInterop.DestroySurface(display, surface);
        }
        if (context != IntPtr.Zero)
        {
            EglInterop.DestroyContext(display, context);
        }
        EglInterop.Terminate(display);
        EglInterop.ReleaseThread();
    }
}

/// <summary>A GLFW window that is never shown, for its context: the fallback where EGL is not available.</summary>
public sealed class HiddenWindowContext : OffscreenContext
{
    private readonly IntPtr _window;

    private HiddenWindowContext(GL gl, IntPtr window)
        : base(gl, $"hidden GLFW window, {OpenGlFunctions.Describe(gl)}") => _window = window;

    public static new HiddenWindowContext Create()
    {
        GlfwSession.Acquire();
        try
        {
            IntPtr window = GlfwWindows.Create(64, 64, "MusicEmotion offscreen", visible: false, transparent: false, IntPtr.Zero, out GL gl);
            return new HiddenWindowContext(gl, window);
        }
        catch
        {
            GlfwSession.Release();
            throw;
        }
    }

    protected override void Release()
    {
        GlfwInterop.DestroyWindow(_window);
        GlfwSession.Release();
    }
}
