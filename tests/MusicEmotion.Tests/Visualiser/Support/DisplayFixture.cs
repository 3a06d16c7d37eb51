using System.Diagnostics;
using System.Net.Sockets;
using MusicEmotion.Native;
using MusicEmotion.Native.Posix;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>
/// An X display for the window tests: the one in DISPLAY if a server answers there, else an Xvfb the
/// fixture starts on a free display number and stops afterwards. Mesa's llvmpipe renders on it.
/// </summary>
public sealed class DisplayFixture : IDisposable
{
    private readonly Process? _xvfb;
    private readonly string? _previousDisplay;

    public DisplayFixture()
    {
        _previousDisplay = Environment.GetEnvironmentVariable("DISPLAY");
        GlfwAvailable = NativeLibraries.IsAvailable(NativeLibraries.Glfw);
        if (IsServing(_previousDisplay))
        {
            Display = _previousDisplay;
            return;
        }
        string? xvfb = FindOnPath("Xvfb");
        if (xvfb is null || OperatingSystem.IsWindows())
        {
            Problem = "an X display: DISPLAY is not usable and Xvfb is not installed (apt install xvfb)";
            return;
        }
        int number = Enumerable.Range(90, 100).First(n => !File.Exists($"/tmp/.X{n}-lock") && !File.Exists($"/tmp/.X11-unix/X{n}"));
        var start = new ProcessStartInfo(xvfb)
        {
            ArgumentList = { $":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-noreset" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _xvfb = Process.Start(start);
        if (_xvfb is null)
        {
            Problem = "an X display: Xvfb did not start";
            return;
        }
        _xvfb.ErrorDataReceived += (_, _) => { };
        _xvfb.OutputDataReceived += (_, _) => { };
        _xvfb.BeginErrorReadLine();
        _xvfb.BeginOutputReadLine();
        var waited = Stopwatch.StartNew();
        while (!IsServing($":{number}") && waited.Elapsed < TimeSpan.FromSeconds(15) && !_xvfb.HasExited)
        {
            Thread.Sleep(50);
        }
        if (!IsServing($":{number}"))
        {
            Problem = $"an X display: Xvfb :{number} did not come up";
            return;
        }
        Display = $":{number}";
        // GLFW opens the display through Xlib, which reads the native environment.
        NativeEnvironment.Set("DISPLAY", Display);
    }

    /// <summary>The display in use, or null when there is none.</summary>
    public string? Display { get; }

    public bool GlfwAvailable { get; }

    private string? Problem { get; }

    /// <summary>Skips (or fails in CI) unless a display and GLFW are there.</summary>
    public void Require()
    {
        Requires.That(GlfwAvailable, "the GLFW library (apt install libglfw3)");
        Requires.That(Display is not null, Problem ?? "an X display");
    }

    public void Dispose()
    {
        if (_xvfb is null)
        {
            return;
        }
        NativeEnvironment.Set("DISPLAY", _previousDisplay);
        if (!_xvfb.HasExited)
        {
            _xvfb.Kill();
            _xvfb.WaitForExit(5000);
        }
        _xvfb.Dispose();
    }

    /// <summary>True when an X server accepts connections on a local display like ":1" or ":1.0".</summary>
    private static bool IsServing(string? display)
    {
        if (string.IsNullOrEmpty(display) || !display.StartsWith(':'))
        {
            return false;
        }
        string number = display[1..].Split('.')[0];
        string socketPath = $"/tmp/.X11-unix/X{number}";
        if (!File.Exists(socketPath))
        {
            return false;
        }
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>Every test that opens a window or a GL context: one at a time, on one display.</summary>
[CollectionDefinition(Name)]
public sealed class DisplayCollection : ICollectionFixture<DisplayFixture>
{
    public const string Name = "Display";
}
