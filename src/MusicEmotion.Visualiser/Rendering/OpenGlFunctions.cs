using MusicEmotion.Visualiser.Window;
using Silk.NET.Core.Loader;
using Silk.NET.OpenGL;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>
/// Silk.NET's OpenGL functions bound to the context current on this thread. The context comes from our own
/// GLFW or EGL binding, so its own loader (<c>glfwGetProcAddress</c> or <c>eglGetProcAddress</c>) finds the
/// functions. A context's functions belong to that context: use the result only where it is current.
/// </summary>
public static class OpenGlFunctions
{
    /// <summary>Binds the current context's functions and checks it really is OpenGL 3.3 or newer (else <see cref="OpenGLVersionException"/>).</summary>
    /// <param name="getProcAddress">The context's loader; returns zero for a function it does not have.</param>
    public static unsafe GL Load(Func<string, IntPtr> getProcAddress)
    {
        ArgumentNullException.ThrowIfNull(getProcAddress);
        GL gl = GL.GetApi(getProcAddress);
        try
        {
            // GL_MAJOR_VERSION only exists from 3.0: an older context leaves both untouched, so at zero (and flags an error).
            int major = 0, minor = 0;
            gl.GetInteger(GetPName.MajorVersion, &major);
            gl.GetInteger(GetPName.MinorVersion, &minor);
            if (major < 3 || (major == 3 && minor < 3))
            {
                throw new OpenGLVersionException(Describe(gl));
            }
            return gl;
        }
        catch (SymbolLoadingException e)
        {
            gl.Dispose();
            throw new OpenGLVersionException($"the OpenGL context lacks a core function ({e.Message}): it is not an OpenGL 3.3 core context");
        }
        catch
        {
            gl.Dispose();
            throw;
        }
    }

    /// <summary>The context's GL_VERSION and GL_RENDERER, for logs and errors.</summary>
    public static string Describe(GL gl)
    {
        ArgumentNullException.ThrowIfNull(gl);
        return $"OpenGL {gl.GetStringS(StringName.Version)} on {gl.GetStringS(StringName.Renderer)}";
    }
}
