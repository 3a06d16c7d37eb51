using System.Text.RegularExpressions;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Training;

/// <summary>
/// The Python training tools (tools/training) as part of the one test command: their own unit tests, and the
/// CI smoke run of the whole path (synthetic corpus -> features by our C# extractor -> one epoch of each
/// architecture -> ONNX export -> the C# engines that run it against PyTorch's parity fixture).
/// </summary>
public sealed partial class TrainingToolsTests(ITestOutputHelper output)
{
    private static readonly string Tools = Path.Combine(ReferencePaths.RepositoryRoot, "tools", "training");

    /// <summary>The training tools find the C# feature extractor through this variable: the build under test.</summary>
    private static readonly Dictionary<string, string> UseThisBuild = new() { ["MUSICEMOTION_CLI"] = $"dotnet {CliProcess.Program}" };

    [SkippableFact]
    public void ThePythonTestsOfTheTrainingToolsPass()
    {
        Python.Require("torch", "numpy", "scipy", "onnx");
        Requires.ReferenceData();
        string report = RunPython(["-m", "unittest", "discover", "-s", Path.Combine(Tools, "tests")], TimeSpan.FromMinutes(20));
        Match ran = RanTests().Match(report);
        Assert.True(ran.Success, report);
        output.WriteLine(ran.Value);
        Assert.True(int.Parse(ran.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 50, report);
        Assert.DoesNotMatch(@"OK \(.*skipped", report);
    }

    /// <summary>
    /// The smoke run's model of each architecture (train_models.py --arch) and whether the managed engine runs it:
    /// per-dim-lstm (two stacks packed block-diagonally into one) and paper (two LSTMs, their states packed on the
    /// layer axis) lower to its LSTM stack; cnn-lstm's Conv is refused, and auto runs it on ONNX Runtime.
    /// </summary>
    private static readonly (string Name, bool Managed)[] SmokeModels =
        [("smoke", true), ("smoke-per-dim-lstm", true), ("smoke-cnn-lstm", false), ("smoke-paper", true)];

    [SkippableFact]
    public void ASmokeTrainingRunExportsEachArchitectureAndTheEnginesRunItLikeTorch()
    {
        Python.Require("torch", "numpy", "scipy", "onnx");
        using var folder = new TempFolder();
        ExternalProgram.Run("bash", [Path.Combine(Tools, "ci_smoke.sh"), folder.Path], UseThisBuild, TimeSpan.FromMinutes(10));
        foreach ((string name, bool managedRuns) in SmokeModels)
        {
            var fixture = TrainedModelFixture.Read(Path.Combine(folder.Path, "report", $"{name}-emotion.parity"));
            string onnx = Path.Combine(folder.Path, "models", $"{name}-emotion.onnx");
            if (!managedRuns)
            {
                var refused = Assert.Throws<OnnxModelException>(() => EngineFactory.CreateEmotionEngine(
                    ModelCatalog.Describe(onnx), new EngineOptions { Engine = EngineKind.Managed }));
                Assert.Contains("unsupported op 'Conv'", refused.Message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', refused.Message);
                output.WriteLine($"Managed: {name} refused: {refused.Message}");
            }
            foreach (EngineKind kind in managedRuns ? new[] { EngineKind.Managed, EngineKind.OnnxRuntime } : [EngineKind.OnnxRuntime])
            {
                ParityErrors errors = fixture.Compare(kind, onnx);
                output.WriteLine($"{kind}: {name} vs PyTorch over {fixture.Frames} frames: {errors}");
                Assert.InRange(errors.Worst, 0f, 1e-5f);
            }
            if (!managedRuns)
            {
                using IEmotionEngine auto = EngineFactory.CreateEmotionEngine(ModelCatalog.Describe(onnx), EngineOptions.Default);
                Assert.Equal("onnxruntime", auto.Info.Engine);
                Assert.Contains("unsupported op 'Conv'", auto.Info.Note, StringComparison.Ordinal);
                AutoWithoutOnnxRuntimeSaysWhyItWasNeeded(onnx, Directory.GetFiles(Path.Combine(folder.Path, "corpus", "MEMD_audio"), "*.wav")[0]);
            }
        }
    }

    /// <summary>auto on a model only ONNX Runtime runs, where it is not installed: one line that says both why not managed and how to get ORT.</summary>
    private static void AutoWithoutOnnxRuntimeSaysWhyItWasNeeded(string onnx, string wav)
    {
        using var empty = new TempFolder();
        var noOnnxRuntime = new Dictionary<string, string>
        {
            ["MUSICEMOTION_CACHE"] = empty.Path,
            ["MUSICEMOTION_ONNXRUNTIME"] = Path.Combine(empty.Path, "absent", "libonnxruntime.so.1"),
        };
        CliResult result = CliProcess.Run(noOnnxRuntime, "analyze", wav, "--model", onnx, "--engine", "auto", "--no-progress");
        // A library the machine lacks is the environment's failure (1), whichever engine choice needed it.
        Assert.Equal(1, result.ExitCode);
        string error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("onnxruntime", error, StringComparison.Ordinal);
        Assert.Contains("unsupported op 'Conv'", error, StringComparison.Ordinal);
    }

    /// <summary>unittest reports on standard error; this returns both streams.</summary>
    private static string RunPython(string[] arguments, TimeSpan timeout)
    {
        using var process = ExternalProgram.Start(Python.Interpreter, arguments, UseThisBuild);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the Python tests did not finish within {timeout.TotalMinutes} minutes");
        }
        string report = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, report);
        return report;
    }

    [GeneratedRegex(@"Ran (\d+) tests? in [\d.]+s")]
    private static partial Regex RanTests();
}
