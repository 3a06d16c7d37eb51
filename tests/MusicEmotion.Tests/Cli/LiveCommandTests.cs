using System.Diagnostics;
using MusicEmotion.Tests.Pipeline;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// musicemotion live without a sound server: a file played through the live path (--input), the options it
/// refuses, stats on demand, Ctrl+C, and a machine without PortAudio.
/// </summary>
public sealed class LiveCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static string[] Model(string reference) =>
        ["--model", Path.Combine(reference, "stateful_random.onnx"), "--forecaster", "linear", "--engine", "managed"];

    [SkippableFact]
    public void LiveInputGivesAnalyzesReadingsAtRealTimePaceAndItsStatsSayNothingWasLost()
    {
        string reference = Requires.ReferenceData();
        string excerpt = AudioExcerpt.Write(_folder, Path.Combine(reference, "music", "knalgan_theme_stereo.wav"), 4);

        var clock = Stopwatch.StartNew();
        using var live = LiveCli.Run(null, Patience, ["live", "--input", excerpt, "--format", "jsonl", "--stats", .. Model(reference)]);
        TimeSpan elapsed = clock.Elapsed;
        using var analyze = LiveCli.Run(null, Patience, ["analyze", excerpt, "--format", "jsonl", .. Model(reference)]);

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.Equal(0, analyze.ExitCode);
        Assert.Equal(8, analyze.Stdout.Count);
        Assert.Equal(analyze.Stdout, live.Stdout);
        Assert.True(elapsed >= TimeSpan.FromSeconds(4), $"4 s of audio went through live in {elapsed.TotalSeconds:0.0} s");
        Assert.Contains("through the live path in real time", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("frames 8, readings 8; dropped: audio 0, features 0, jsonl 0; ring overruns 0", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("allocated after warm-up: pump 0 B over", live.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"end-to-end\s+8\s+\d+\.\d{3}\s+\d+\.\d{3}\s+\d+\.\d{3}", live.Stderr);
    }

    [SkippableFact]
    public void PipedTheLiveLineIsOnePlainLinePerReadingUnderAHeader()
    {
        string reference = Requires.ReferenceData();
        string excerpt = AudioExcerpt.Write(_folder, Path.Combine(reference, "music", "frantic.wav"), 2);
        using var live = LiveCli.Run(null, Patience, ["live", "--input", excerpt, .. Model(reference)]);

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.Equal(5, live.Stdout.Count);
        Assert.Equal("   time arousal valence  quadrant          label       next +2.0s         level", live.Stdout[0]);
        Assert.All(live.Stdout.Skip(1), line => Assert.Matches(
            @"^ 0:0\d\.\d  [+-]\d\.\d{3}  [+-]\d\.\d{3}  (active|passive)-(positive|negative) +[a-z]+ +[+-]\d\.\d{3} [+-]\d\.\d{3} +-?\d+\.\d dB$",
            line));
        Assert.StartsWith(" 0:00.0  ", live.Stdout[1], StringComparison.Ordinal);
        Assert.StartsWith(" 0:01.5  ", live.Stdout[4], StringComparison.Ordinal);
        Assert.All(live.Stdout, line => Assert.True(line.Length <= 79, $"{line.Length} columns: {line}"));
    }

    [SkippableFact]
    public void CtrlCStopsGracefullyAndUsr1PrintsTheStatsMeanwhile()
    {
        string reference = Requires.ReferenceData();
        using var live = LiveCli.Start(null, ["live", "--input", Path.Combine(reference, "music", "frantic.wav"), "--format", "jsonl", .. Model(reference)]);
        live.WaitForLines(2, Patience);
        live.Signal("USR1");
        live.WaitForLines(3, Patience);
        live.Signal("INT");
        live.WaitForExit(Patience);

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.InRange(live.Stdout.Count, 3, 23);
        Assert.Contains("live stats after", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("latency (ms)", live.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void LoopPlaysTheInputOverAndOverAsOneStream()
    {
        string reference = Requires.ReferenceData();
        string excerpt = AudioExcerpt.Write(_folder, Path.Combine(reference, "music", "frantic.wav"), 2);
        using var live = LiveCli.Start(null, ["live", "--input", excerpt, "--loop", "--format", "jsonl", "--stats", .. Model(reference)]);
        // Four readings a pass: ten readings are two passes and a half, the stream's sequence numbers running on.
        live.WaitForLines(10, Patience);
        live.Signal("INT");
        live.WaitForExit(Patience);

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.True(live.Stdout.Count >= 10, live.Stderr);
        for (int i = 0; i < live.Stdout.Count; i++)
        {
            Assert.Contains($"\"seq\":{i},", live.Stdout[i], StringComparison.Ordinal);
        }
        Assert.Matches(@"dropped: audio 0, features 0, jsonl 0; ring overruns 0", live.Stderr);
    }

    [Theory]
    [InlineData("--loop", "--loop starts the --input file over; it needs --input FILE")]
    [InlineData("--input x.wav --device 1", "--input plays a file; it cannot be combined with --device, --loopback or --process")]
    [InlineData("--input x.wav --process spotify", "--input plays a file; it cannot be combined with --device, --loopback or --process")]
    [InlineData("--loopback --device pulse", "--loopback picks the device itself; it cannot be combined with --device")]
    [InlineData("--buffer-ms 0", "--buffer-ms must be between 1 and 500, got 0")]
    [InlineData("--duration -1", "--duration must be a positive number, got -1")]
    [InlineData("--channels 0", "--channels must be at least 1, got 0")]
    [InlineData("--cpu 0 --no-pin", "--cpu pins the live thread and --no-pin leaves it unpinned; give one of them")]
    [InlineData("--cpu -1", "--cpu -1: this machine has CPUs 0 to {last}")]
    [InlineData("--cpu 4096", "--cpu 4096: this machine has CPUs 0 to {last}")]
    public void OptionsThatMakeNoSenseAreUsageErrors(string options, string message)
    {
        using var live = LiveCli.Run(null, Patience, ["live", .. options.Split(' ')]);
        Assert.Equal(2, live.ExitCode);
        Assert.Equal($"musicemotion: {message.Replace("{last}", $"{Environment.ProcessorCount - 1}", StringComparison.Ordinal)}", live.Stderr.Trim());
    }

    [SkippableFact]
    public void TheLiveThreadRunsPinnedAtRealtimePriorityAndARefusalSaysHowToAllowIt()
    {
        Requires.Platform(OperatingSystem.IsLinux(), "Linux only: SCHED_FIFO");
        Requires.That(Environment.IsPrivilegedProcess, "root, whom the kernel allows real-time scheduling");
        string reference = Requires.ReferenceData();
        string excerpt = AudioExcerpt.Write(_folder, Path.Combine(reference, "music", "frantic.wav"), 2);
        string[] arguments = ["live", "--input", excerpt, "--format", "jsonl", "--stats", "--cpu", "0", "--priority", "realtime", .. Model(reference)];

        using var granted = LiveCli.Run(null, Patience, arguments);
        Assert.True(granted.ExitCode == 0, granted.Stderr);
        Assert.Equal(4, granted.Stdout.Count);
        Assert.Contains("live thread: capture, features and inference on one thread, pinned to CPU 0, SCHED_FIFO priority 10", granted.Stderr, StringComparison.Ordinal);
        Assert.Contains("allocated after warm-up: pump 0 B over", granted.Stderr, StringComparison.Ordinal);

        // Without CAP_SYS_NICE even root is refused, as an ordinary user without an rtprio limit is: before any audio.
        CliResult refused = CliProcess.RunUnder(["setpriv", "--bounding-set", "-sys_nice"], arguments);
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.StderrLines);
        Assert.StartsWith("musicemotion: --priority realtime: the kernel refused real-time scheduling (SCHED_FIFO priority 10)", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(refused.Stdout);
    }

    [Theory]
    [InlineData("devices")]
    [InlineData("live")]
    public void WithoutPortAudioTheMessageNamesThePackageToInstall(string command)
    {
        var hidden = new Dictionary<string, string?> { ["MUSICEMOTION_PORTAUDIO"] = Path.Combine(_folder.Path, "absent", "libportaudio.so.2") };
        using var cli = LiveCli.Run(hidden, Patience, command);

        // A library the machine lacks is the environment's problem, not the user's input.
        Assert.Equal(1, cli.ExitCode);
        string line = cli.Stderr.Trim();
        Assert.StartsWith("musicemotion: native library 'portaudio' not found: install PortAudio v19: Debian/Ubuntu 'apt install libportaudio2'", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }
}
