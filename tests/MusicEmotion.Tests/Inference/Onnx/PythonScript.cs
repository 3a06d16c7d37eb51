using System.Diagnostics;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Onnx;

/// <summary>
/// Runs the Debian Python that has torch 1.13 and onnx (/usr/bin/python3; the python3 first on PATH lacks them)
/// on a script kept beside the tests, as an independent implementation to check the engine against.
/// </summary>
internal static class PythonScript
{
    private const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<bool> HasTorchAndOnnx = new(() =>
        File.Exists(Interpreter) && TryRun(["-c", "import torch, onnx, numpy"], out _));

    /// <summary>Skips (fails in CI) unless python3 with torch and onnx is there.</summary>
    public static void Require() =>
        Requires.That(HasTorchAndOnnx.Value, $"{Interpreter} with torch, onnx and numpy (Debian python3-torch, python3-onnx)");

    /// <summary>Runs tests/MusicEmotion.Tests/<paramref name="relativeScript"/>; returns its standard output.</summary>
    public static string Run(string relativeScript, params string[] arguments)
    {
        string script = Path.Combine(ReferencePaths.RepositoryRoot, "tests", "MusicEmotion.Tests", relativeScript);
        if (!TryRun([script, .. arguments], out string output))
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed: {output}");
        }
        return output;
    }

    private static bool TryRun(string[] arguments, out string output)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                output = "timed out after 5 minutes";
                return false;
            }
            output = process.ExitCode == 0 ? stdout : stderr.Result.Trim();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = e.Message;
            return false;
        }
    }
}
