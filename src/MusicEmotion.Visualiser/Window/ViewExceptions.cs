namespace MusicEmotion.Visualiser.Window;

/// <summary>There is no display to open the view on (no X server or Wayland compositor, no DISPLAY).</summary>
public sealed class DisplayUnavailableException : Exception
{
    public const string Advice =
        "draw the whole-track summary offscreen with 'musicemotion render --input FILE --out PNG',"
        + " or run 'musicemotion live' without --view (console, OSC and recording need no display)";

    public DisplayUnavailableException(string detail)
        : base($"no display to open the view on ({detail}): {Advice}") => Detail = detail;

    public DisplayUnavailableException()
        : this("unknown reason")
    {
    }

    public DisplayUnavailableException(string message, Exception inner)
        : base(message, inner) => Detail = message;

    /// <summary>What GLFW said.</summary>
    public string Detail { get; }
}

/// <summary>The display's OpenGL cannot give the view the OpenGL 3.3 core context it needs.</summary>
public sealed class OpenGLVersionException : Exception
{
    public OpenGLVersionException(string found)
        : base($"the view needs OpenGL 3.3 (core profile), but the display offers {found}: update the graphics driver"
               + " (Mesa 10.0+ or a vendor driver), or use 'musicemotion render' / 'musicemotion live' without --view") => Found = found;

    public OpenGLVersionException()
        : this("an unknown version")
    {
    }

    public OpenGLVersionException(string message, Exception inner)
        : base(message, inner) => Found = message;

    /// <summary>What the driver reported or why context creation failed.</summary>
    public string Found { get; }
}
