using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Visualiser.Drawing;

/// <summary>
/// Where the mouse cursor points on the circumplex. GLFW reports the cursor in screen coordinates, the painters
/// place points in framebuffer pixels, and on a high-DPI screen the two differ by the framebuffer's scale; this
/// scales the cursor into the layout the painters draw with and reads the point there, clamped to the [-1, 1]
/// square the view shows (a stroke that strays outside the circle still draws along its edge).
/// </summary>
/// <param name="Layout">The layout the frame is drawn with, in framebuffer pixels.</param>
/// <param name="WindowWidth">The window's content width in screen coordinates.</param>
/// <param name="WindowHeight">The window's content height in screen coordinates.</param>
public readonly record struct CursorMapping(ViewLayout Layout, int WindowWidth, int WindowHeight)
{
    /// <summary>The framebuffer pixel under a cursor position.</summary>
    public (float X, float Y) ToFramebuffer(double cursorX, double cursorY) =>
        ((float)(cursorX * Layout.Width / Math.Max(WindowWidth, 1)), (float)(cursorY * Layout.Height / Math.Max(WindowHeight, 1)));

    /// <summary>The circumplex point under a cursor position, each coordinate clamped to [-1, 1].</summary>
    public AffectPoint ToCircumplex(double cursorX, double cursorY)
    {
        (float x, float y) = ToFramebuffer(cursorX, cursorY);
        AffectPoint point = Layout.FromPixel(x, y);
        return new AffectPoint(Math.Clamp(point.Arousal, -1f, 1f), Math.Clamp(point.Valence, -1f, 1f));
    }
}
