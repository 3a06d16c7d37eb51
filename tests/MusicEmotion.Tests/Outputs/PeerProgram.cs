using System.Diagnostics;
using MusicEmotion.Native;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>The independent programs the wire-format tests talk to, where they are and how to run them.</summary>
internal static class PeerProgram
{
    public const string Python = "/usr/bin/python3";

    private const string MsgpackJavaScriptVersion = "3.1.3";

    private static readonly Lazy<bool> PythonMsgpackPresent = new(() =>
        File.Exists(Python) && TryRun(Python, "-c", "import msgpack"));

    private static readonly Lazy<string?> Node = new(() => FindOnPath("node"));

    public static string PeersDirectory { get; } = Path.Combine(ReferencePaths.RepositoryRoot, "tools", "peers");

    /// <summary>The unpacked npm package, where tools/setup.d/30-peers.sh puts it.</summary>
    public static string MsgpackJavaScriptPackage { get; } =
        Path.Combine(NativeLibraries.CacheDirectory, "peers", $"msgpack-javascript-{MsgpackJavaScriptVersion}");

    public static void RequirePythonMsgpack() =>
        Requires.That(PythonMsgpackPresent.Value, $"Python's msgpack at {Python} (Debian python3-msgpack)");

    /// <summary>Returns the node executable, once the npm MessagePack package is in the cache.</summary>
    public static string RequireNodeMsgpack()
    {
        Requires.That(Node.Value is not null, "node on PATH");
        Requires.That(
            File.Exists(Path.Combine(MsgpackJavaScriptPackage, "dist.cjs", "index.cjs")),
            $"@msgpack/msgpack {MsgpackJavaScriptVersion} in {MsgpackJavaScriptPackage} (run tools/setup.d/30-peers.sh)");
        return Node.Value!;
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a peer to completion and returns what it printed; fails the test with its errors otherwise.</summary>
    public static string Run(string program, params string[] arguments)
    {
        using Process process = Start(program, arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within 2 minutes");
        }
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Result}");
        return output.Result;
    }

    public static Process Start(string program, params string[] arguments) => Start(program, arguments, null);

    /// <param name="program">The executable.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables to set; an empty value removes the variable.</param>
    public static Process Start(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    }

    private static bool TryRun(string program, params string[] arguments)
    {
        try
        {
            using Process process = Start(program, arguments);
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
