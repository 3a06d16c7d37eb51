using System.ComponentModel;
using System.Diagnostics;

namespace MusicEmotion.Tests.Support;

/// <summary>
/// Runs the real programs the tests check against (sox, Debian's Python, node, oscdump, the built CLI) and fails
/// the test with the program's own error output when it fails.
/// </summary>
internal static class ExternalProgram
{
    /// <summary>Runs <paramref name="program"/> to completion and returns what it printed on standard output.</summary>
    public static string Run(string program, params string[] arguments) => Run(program, arguments, null, TimeSpan.FromMinutes(5));

    /// <param name="program">The executable.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables to set; an empty value removes the variable.</param>
    /// <param name="timeout">How long it may run before the test fails.</param>
    public static string Run(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        using Process process = Start(program, arguments, environment);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string command = $"{program} {string.Join(' ', arguments)}";
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} did not finish within {timeout.TotalMinutes:0.#} minutes");
        }
        Assert.True(process.ExitCode == 0, $"{command} failed ({process.ExitCode}): {errors.Result}{output.Result}");
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

    /// <summary>True when <paramref name="program"/> starts and exits 0 with these arguments.</summary>
    public static bool Works(string program, params string[] arguments)
    {
        try
        {
            using Process process = Start(program, arguments);
            process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
