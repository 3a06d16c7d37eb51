using System.Diagnostics;
using System.Text;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// The musicemotion command run as a user runs it: a child process (dotnet musicemotion.dll, built beside these
/// tests) with its own environment, whose output is collected line by line as it comes, and which can be sent
/// signals (Ctrl+C is SIGINT).
/// </summary>
internal sealed class LiveCli : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();

    private LiveCli(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stdout)
                {
                    _stdout.Add(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToList();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static LiveCli Start(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(CliProcess.Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in CliProcess.CommandLine(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        return new LiveCli(Process.Start(start)!);
    }

    /// <summary>Runs to the end (or fails the test after <paramref name="timeout"/>).</summary>
    public static LiveCli Run(IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
    {
        var cli = Start(environment, arguments);
        cli.WaitForExit(timeout);
        return cli;
    }

    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"musicemotion did not finish in {timeout.TotalSeconds} s; stderr: {Stderr}");
        }
        // The parameterless wait also waits for the redirected streams to be read to their end.
        _process.WaitForExit();
    }

    /// <summary>Waits until stdout has <paramref name="count"/> lines.</summary>
    public void WaitForLines(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Stdout.Count < count)
        {
            if (_process.HasExited && Stdout.Count < count)
            {
                Assert.Fail($"musicemotion exited ({_process.ExitCode}) after {Stdout.Count} of {count} lines; stderr: {Stderr}");
            }
            Assert.True(clock.Elapsed < timeout, $"{Stdout.Count} of {count} lines after {timeout.TotalSeconds} s; stderr: {Stderr}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits until stderr holds <paramref name="count"/> lines that start with <paramref name="prefix"/>.</summary>
    public void WaitForStderrLines(string prefix, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        int Seen() => Stderr.Split('\n').Count(line => line.StartsWith(prefix, StringComparison.Ordinal));
        while (Seen() < count)
        {
            if (_process.HasExited && Seen() < count)
            {
                Assert.Fail($"musicemotion exited ({_process.ExitCode}) after {Seen()} of {count} '{prefix}' lines; stderr: {Stderr}");
            }
            Assert.True(clock.Elapsed < timeout, $"{Seen()} of {count} '{prefix}' lines after {timeout.TotalSeconds} s; stderr: {Stderr}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Sends a POSIX signal (INT, TERM, USR1) with kill(1).</summary>
    public void Signal(string name)
    {
        using Process kill = Process.Start("kill", $"-{name} {_process.Id}");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
