using System.ComponentModel;
using System.Diagnostics;
using MusicEmotion.Native;
using MusicEmotion.Native.Posix;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Capture;

/// <summary>
/// A real PulseAudio daemon of the tests' own: started in the foreground as this process's child, with a private
/// runtime folder, socket and home (so it meets no other server and no user's settings), anonymous access, and two
/// null sinks, one at 44.1 kHz and one at 48 kHz. PortAudio reaches it through ALSA's 'pulse' device, which the
/// ALSA PulseAudio plugin (libasound2-plugins) provides. While it lives, PULSE_SERVER points at it in this process's
/// native environment (so PortAudio's ALSA 'pulse' device reaches it) and in every child started from here.
/// </summary>
public sealed class PulseAudioServer : IDisposable
{
    public const string Sink44 = "musicemotion_44k";
    public const string Sink48 = "musicemotion_48k";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "musicemotion-pulse-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string? _previousServer = Environment.GetEnvironmentVariable("PULSE_SERVER");
    private Process? _daemon;

    public PulseAudioServer()
    {
        Address = "unix:" + Path.Combine(_folder, "native");
        if (!OperatingSystem.IsLinux())
        {
            Problem = "Linux (PulseAudio)";
            return;
        }
        if (!NativeLibraries.IsAvailable(NativeLibraries.PortAudio))
        {
            Problem = "PortAudio (libportaudio2)";
            return;
        }
        Directory.CreateDirectory(_folder);
        Problem = Start();
        if (Problem is null)
        {
            NativeEnvironment.Set("PULSE_SERVER", Address);
        }
    }

    /// <summary>Why the server is not running (what is missing), or null when it runs.</summary>
    public string? Problem { get; private set; }

    /// <summary>PULSE_SERVER's value for this server.</summary>
    public string Address { get; }

    /// <summary>Skips the test (or, in CI, fails it) unless the server runs.</summary>
    public void Require() => Requires.That(Problem is null, $"a PulseAudio server for capture tests (needs {Problem})");

    /// <summary>
    /// Makes the 'pulse' device of this process capture <paramref name="sink"/>'s monitor (PULSE_SOURCE, read by the
    /// ALSA plugin whenever PortAudio opens a stream).
    /// </summary>
    public void CaptureMonitorOf(string sink) => NativeEnvironment.Set("PULSE_SOURCE", sink + ".monitor");

    /// <summary>Plays <paramref name="file"/> into <paramref name="sink"/> with paplay; returns the running player.</summary>
    public Process Play(string file, string sink)
    {
        var start = Client("paplay", $"--device={sink}", file);
        return Process.Start(start)!;
    }

    /// <summary>Runs pactl with <paramref name="arguments"/> and returns its output; fails the test when it fails.</summary>
    public string Pactl(params string[] arguments)
    {
        using Process process = Process.Start(Client("pactl", arguments))!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pactl {string.Join(' ', arguments)} failed: {errors.Result}");
        return output;
    }

    /// <summary>Kills the daemon, as when a sound server crashes or a device is unplugged.</summary>
    public void Kill()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill();
            _daemon.WaitForExit();
        }
        _daemon?.Dispose();
        _daemon = null;
    }

    /// <summary>Starts the daemon again on the same socket, after <see cref="Kill"/>.</summary>
    public void Restart()
    {
        Kill();
        Problem = Start();
        Assert.True(Problem is null, $"PulseAudio did not restart: {Problem}");
    }

    public void Dispose()
    {
        Kill();
        if (Problem is null)
        {
            NativeEnvironment.Set("PULSE_SERVER", _previousServer);
            NativeEnvironment.Set("PULSE_SOURCE", null);
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string? Start()
    {
        var start = new ProcessStartInfo("pulseaudio") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            "--daemonize=no", "-n", "--exit-idle-time=-1", "--disallow-exit", "--system=false", "--use-pid-file=no",
            "--log-level=error", "--log-target=stderr",
            $"--load=module-native-protocol-unix auth-anonymous=1 socket={Path.Combine(_folder, "native")}",
            $"--load=module-null-sink sink_name={Sink44} rate=44100",
            $"--load=module-null-sink sink_name={Sink48} rate=48000",
        })
        {
            start.ArgumentList.Add(argument);
        }
        SetPrivateEnvironment(start);
        try
        {
            _daemon = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return "the pulseaudio program (pulseaudio)";
        }
        if (_daemon is null)
        {
            return "the pulseaudio program (pulseaudio)";
        }
        // Its log must be drained, or a chatty daemon would block on a full pipe.
        _daemon.ErrorDataReceived += (_, _) => { };
        _daemon.OutputDataReceived += (_, _) => { };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_daemon.HasExited)
            {
                return $"a pulseaudio that starts (it exited with {_daemon.ExitCode})";
            }
            if (Answers())
            {
                return null;
            }
            Thread.Sleep(100);
        }
        return "a pulseaudio that answers within 15 s";
    }

    private bool Answers()
    {
        try
        {
            using Process? process = Process.Start(Client("pactl", "info"));
            if (process is null)
            {
                return false;
            }
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private ProcessStartInfo Client(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        SetPrivateEnvironment(start);
        start.Environment["PULSE_SERVER"] = Address;
        return start;
    }

    private void SetPrivateEnvironment(ProcessStartInfo start)
    {
        foreach (string folder in new[] { "home", "runtime", "config" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, folder));
        }
        start.Environment["HOME"] = Path.Combine(_folder, "home");
        start.Environment["XDG_RUNTIME_DIR"] = Path.Combine(_folder, "runtime");
        start.Environment["PULSE_RUNTIME_PATH"] = Path.Combine(_folder, "runtime");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_folder, "config");
        start.Environment["LC_ALL"] = "C";
    }
}

/// <summary>
/// The tests that use the sound server share one, and run alone: they point this process's PULSE_SERVER at it,
/// and killing or restarting it must not surprise another test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoundServerCollection : ICollectionFixture<PulseAudioServer>
{
    public const string Name = "sound server";
}
