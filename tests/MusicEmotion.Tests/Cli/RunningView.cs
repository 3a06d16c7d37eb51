using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MusicEmotion.Tests.Cli;

/// <summary>The command running with a window on the test display, its output collected as it comes; stopped as Ctrl+C would.</summary>
internal sealed class RunningView : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task[] _readers;

    public RunningView(string display, params string[] arguments)
    {
        _process = CliProcess.Start(new Dictionary<string, string> { ["DISPLAY"] = display }, arguments);
        _readers = [Collect(_process.StandardOutput, _stdout), Collect(_process.StandardError, _stderr)];
    }

    public bool HasExited => _process.HasExited;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>Waits up to a minute (the shared test machine can be slow) for <paramref name="done"/>, or until the command ends.</summary>
    public void WaitFor(Func<bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
        {
            Thread.Sleep(100);
        }
    }

    /// <summary>SIGINT, then its exit code once it and its output have ended.</summary>
    public int Stop()
    {
        Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!_process.WaitForExit(15_000))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the command did not stop after SIGINT: {Stderr}");
        }
        Task.WaitAll(_readers, TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private static Task Collect(StreamReader reader, StringBuilder into) => Task.Run(() =>
    {
        while (reader.ReadLine() is { } line)
        {
            lock (into)
            {
                into.Append(line).Append('\n');
            }
        }
    });

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
