using System.Diagnostics;
using System.Globalization;
using System.Text;
using MusicEmotion.Inference;
using MusicEmotion.Tests.Support;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>
/// Real keys and mouse strokes for a test window, sent through the X server's XTEST extension by xdotool. With no
/// window manager on the test display, the pointer over a window gives it the keyboard.
/// </summary>
internal static class Xdotool
{
    /// <summary>Skips (or fails in CI) without xdotool; returns its path.</summary>
    public static string Require()
    {
        string? path = new[] { "/usr/bin/xdotool", "/usr/local/bin/xdotool" }.FirstOrDefault(File.Exists);
        Requires.That(path is not null, "xdotool to press keys and move the mouse (apt install xdotool)");
        return path!;
    }

    /// <summary>Runs xdotool with <paramref name="arguments"/> in the background; the caller keeps its window drawing meanwhile.</summary>
    public static Process Start(string arguments) =>
        Process.Start(new ProcessStartInfo(Require(), arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;

    /// <summary>Runs xdotool and checks that it succeeded.</summary>
    public static void Run(string arguments)
    {
        using Process process = Start(arguments);
        Finish(process, arguments);
    }

    /// <summary>Waits for a started xdotool and checks that it succeeded.</summary>
    public static void Finish(Process process, string arguments)
    {
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(15000), $"xdotool {arguments} did not finish");
        Assert.True(process.ExitCode == 0, $"xdotool {arguments} failed: {output}");
    }

    /// <summary>
    /// The xdotool commands that find the window titled <paramref name="title"/> once it is mapped (a window is named
    /// before it is shown, and a key pressed before would go to the root window), put the pointer on it, press P, and
    /// draw through <paramref name="course"/> with the left button held (<paramref name="steps"/> moves a leg, a few ms
    /// apart, as a hand moves). With <paramref name="escapeBeforeRelease"/>, Esc is pressed before the button comes up.
    /// </summary>
    public static string Stroke(string title, ViewLayout layout, AffectPoint[] course, int steps = 12, bool escapeBeforeRelease = false)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"search --sync --onlyvisible --name \"{title}\" mousemove --window %1 20 20 sleep 0.2 key p sleep 0.2");
        (float x0, float y0) = layout.ToPixel(course[0]);
        text.Append(CultureInfo.InvariantCulture, $" mousemove --window %1 {x0:0} {y0:0} sleep 0.1 mousedown 1");
        for (int leg = 1; leg < course.Length; leg++)
        {
            for (int step = 1; step <= steps; step++)
            {
                float t = step / (float)steps;
                var at = new AffectPoint(
                    course[leg - 1].Arousal + ((course[leg].Arousal - course[leg - 1].Arousal) * t),
                    course[leg - 1].Valence + ((course[leg].Valence - course[leg - 1].Valence) * t));
                (float x, float y) = layout.ToPixel(at);
                text.Append(CultureInfo.InvariantCulture, $" mousemove --window %1 {x:0} {y:0} sleep 0.02");
            }
        }
        text.Append(escapeBeforeRelease ? " sleep 0.1 key Escape sleep 0.1 mouseup 1" : " sleep 0.1 mouseup 1");
        return text.ToString();
    }
}
