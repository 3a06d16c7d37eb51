namespace MusicEmotion.Native.Posix;

/// <summary>
/// Points the process's standard error at /dev/null while it lives, then back. Some native libraries print
/// diagnostics straight to descriptor 2 while they probe the machine (ALSA and JACK list every card and server
/// they did not find when PortAudio starts); a user asking for a device list should see the list, not that.
/// Only on Linux, where those libraries live; elsewhere it does nothing.
/// </summary>
public sealed class StandardErrorSilencer : IDisposable
{
    private int _saved = -1;

    private StandardErrorSilencer()
    {
    }

    /// <summary>Silences descriptor 2 until the returned object is disposed.</summary>
    public static StandardErrorSilencer Start()
    {
        var silencer = new StandardErrorSilencer();
        if (!OperatingSystem.IsLinux())
        {
            return silencer;
        }
        Console.Error.Flush();
        int saved = PosixInterop.Duplicate(PosixInterop.StandardError);
        if (saved < 0)
        {
            return silencer;
        }
        using var sink = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        if (PosixInterop.DuplicateTo((int)sink.DangerousGetHandle(), PosixInterop.StandardError) < 0)
        {
            PosixInterop.Close(saved);
            return silencer;
        }
        silencer._saved = saved;
        return silencer;
    }

    public void Dispose()
    {
        if (_saved < 0)
        {
            return;
        }
        PosixInterop.DuplicateTo(_saved, PosixInterop.StandardError);
        PosixInterop.Close(_saved);
        _saved = -1;
    }
}
