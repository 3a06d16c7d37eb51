using System.ComponentModel;
using System.Diagnostics;

namespace MusicEmotion.Tests.Audio;

/// <summary>Runs a real peer program (sox, Debian's Python) and fails the test with its own error output.</summary>
internal static class ExternalProgram
{
    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {errors.Result}");
    }

    /// <summary>True when <paramref name="program"/> starts and exits 0 with <paramref name="argument"/>.</summary>
    public static bool Works(string program, string argument)
    {
        try
        {
            using Process? process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return false;
            }
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
