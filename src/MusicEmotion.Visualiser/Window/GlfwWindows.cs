using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser.Rendering;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Window;

/// <summary>Creates GLFW windows with the view's OpenGL 3.3 core context, and turns GLFW's failures into the view's errors.</summary>
internal static class GlfwWindows
{
    /// <summary>
    /// Creates a window whose context is made current on the calling thread, and loads its GL functions.
    /// Throws <see cref="OpenGLVersionException"/> when the driver cannot give OpenGL 3.3 core and
    /// <see cref="DisplayUnavailableException"/> when the window system refuses a window.
    /// </summary>
    public static IntPtr Create(int width, int height, string title, bool visible, bool transparent, IntPtr monitor, out GL gl)
    {
        GlfwInterop.DefaultWindowHints();
        GlfwInterop.WindowHint(GlfwInterop.ClientApi, GlfwInterop.OpenGlApi);
        GlfwInterop.WindowHint(GlfwInterop.ContextVersionMajor, 3);
        GlfwInterop.WindowHint(GlfwInterop.ContextVersionMinor, 3);
        GlfwInterop.WindowHint(GlfwInterop.OpenGlProfile, GlfwInterop.OpenGlCoreProfile);
        // macOS only gives a core context to forward-compatible requests; elsewhere it changes nothing we use.
        GlfwInterop.WindowHint(GlfwInterop.OpenGlForwardCompat, GlfwInterop.True);
        GlfwInterop.WindowHint(GlfwInterop.Visible, visible ? GlfwInterop.True : GlfwInterop.False);
        GlfwInterop.WindowHint(GlfwInterop.Resizable, GlfwInterop.True);
        GlfwInterop.WindowHint(GlfwInterop.ScaleToMonitor, GlfwInterop.True);
        GlfwInterop.WindowHint(GlfwInterop.TransparentFramebuffer, transparent ? GlfwInterop.True : GlfwInterop.False);
        GlfwInterop.WindowHint(GlfwInterop.AlphaBits, transparent ? 8 : GlfwInterop.DontCare);
        // Every edge is anti-aliased in the shaders; multisampling would only cost fill rate.
        GlfwInterop.WindowHint(GlfwInterop.Samples, 0);
        GlfwInterop.WindowHint(GlfwInterop.DepthBits, 0);
        GlfwInterop.WindowHint(GlfwInterop.StencilBits, 0);
        GlfwInterop.WindowHint(GlfwInterop.DoubleBuffer, GlfwInterop.True);

        GlfwInterop.TakeError(out _);
        IntPtr window = GlfwInterop.CreateWindow(width, height, title, monitor, IntPtr.Zero);
        if (window == IntPtr.Zero)
        {
            string detail = GlfwInterop.TakeError(out int code) ?? "GLFW gave no reason";
            throw code switch
            {
                GlfwInterop.VersionUnavailable or GlfwInterop.ApiUnavailable or GlfwInterop.FormatUnavailable =>
                    new OpenGLVersionException($"no OpenGL 3.3 core context (GLFW: {detail})"),
                _ => new DisplayUnavailableException($"GLFW could not create a window: {detail}"),
            };
        }
        try
        {
            GlfwInterop.MakeContextCurrent(window);
            gl = OpenGlFunctions.Load(GlfwInterop.GetProcAddress);
            return window;
        }
        catch
        {
            GlfwInterop.DestroyWindow(window);
            throw;
        }
    }
}
