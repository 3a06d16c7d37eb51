using System.Diagnostics;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>
/// A machine without ONNX Runtime. This process has loaded the library for the other tests and cannot unload
/// it, so the engine is loaded in a child process (F# Interactive, which comes with every .NET SDK, runs our
/// built assemblies) whose environment hides the library: the cache points at an empty folder and
/// MUSICEMOTION_ONNXRUNTIME at a file that does not exist.
/// </summary>
public sealed class OrtLibraryMissingTests : IDisposable
{
    private readonly TempFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [SkippableFact]
    public void LoadingWithoutTheLibrarySaysHowToGetIt()
    {
        string model = _scratch.File("model.onnx");
        File.WriteAllBytes(model, [1, 2, 3]);
        string script = _scratch.File("load.fsx");
        File.WriteAllText(script, $"""
            #r @"{Path.Combine(AppContext.BaseDirectory, "MusicEmotion.Native.dll")}"
            #r @"{Path.Combine(AppContext.BaseDirectory, "MusicEmotion.Features.dll")}"
            #r @"{Path.Combine(AppContext.BaseDirectory, "MusicEmotion.Inference.dll")}"
            try
                MusicEmotion.Inference.OnnxRuntime.OrtEmotionEngine.Load(@"{model}", null).Dispose()
                printfn "loaded"
            with error -> printfn "%s: %s" (error.GetType().Name) error.Message
            """);

        string output = RunFsi(script);

        Requires.That(output != "loaded", "ONNX Runtime not installed where the system loader finds it (it cannot be hidden then)");
        Assert.StartsWith("NativeLibraryMissingException: native library 'onnxruntime' not found: ", output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', output);
    }

    private string RunFsi(string script)
    {
        var start = new ProcessStartInfo(Cli.CliProcess.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["MUSICEMOTION_CACHE"] = _scratch.Path,
                ["MUSICEMOTION_ONNXRUNTIME"] = Path.Combine(_scratch.Path, "absent", "libonnxruntime.so.1"),
            },
        };
        foreach (string argument in new[] { "fsi", "--quiet", script })
        {
            start.ArgumentList.Add(argument);
        }
        Process? process = null;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        Requires.That(process is not null, $"'{start.FileName} fsi' (F# Interactive, part of the .NET SDK)");
        using (process)
        {
            Task<string> errors = process!.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd().Trim();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "F# Interactive did not finish");
            Assert.True(process.ExitCode == 0, $"F# Interactive failed ({process.ExitCode}): {errors.Result}");
            return output;
        }
    }
}
