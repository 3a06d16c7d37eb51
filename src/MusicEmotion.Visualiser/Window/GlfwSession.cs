using MusicEmotion.Native.Glfw;

namespace MusicEmotion.Visualiser.Window;

/// <summary>
/// Keeps GLFW initialised while any window (or hidden offscreen window) needs it and terminates it after
/// the last one, so a later window — perhaps on another DISPLAY — starts from a fresh connection.
/// </summary>
internal static class GlfwSession
{
    private static readonly Lock Gate = new();
    private static int _users;

    /// <summary>Initialises GLFW if needed; throws <see cref="DisplayUnavailableException"/> when it cannot start.</summary>
    public static void Acquire()
    {
        lock (Gate)
        {
            if (_users == 0)
            {
                GlfwInterop.TakeError(out _);
                if (GlfwInterop.Init() != GlfwInterop.True)
                {
                    string detail = GlfwInterop.TakeError(out _) ?? "GLFW could not initialise";
                    throw new DisplayUnavailableException("GLFW " + GlfwInterop.VersionString + ": " + detail);
                }
            }
            _users++;
        }
    }

    public static void Release()
    {
        lock (Gate)
        {
            if (_users > 0 && --_users == 0)
            {
                GlfwInterop.Terminate();
            }
        }
    }
}
