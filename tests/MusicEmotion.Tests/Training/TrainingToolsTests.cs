using System.Text.RegularExpressions;
using MusicEmotion.Inference;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Training;

/// <summary>
/// The Python training tools (tools/training) as part of the one test command: their own unit tests, and the
/// CI smoke run of the whole path (synthetic corpus -> features by our C# extractor -> one epoch -> ONNX export
/// -> both C# engines against PyTorch's parity fixture).
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

    [SkippableFact]
    public void ASmokeTrainingRunExportsAModelBothEnginesRunLikeTorch()
    {
        Python.Require("torch", "numpy", "scipy", "onnx");
        using var folder = new TempFolder();
        ExternalProgram.Run("bash", [Path.Combine(Tools, "ci_smoke.sh"), folder.Path], UseThisBuild, TimeSpan.FromMinutes(10));
        var fixture = TrainedModelFixture.Read(Path.Combine(folder.Path, "report", "smoke-emotion.parity"));
        foreach (EngineKind kind in new[] { EngineKind.Managed, EngineKind.OnnxRuntime })
        {
            ParityErrors errors = fixture.Compare(kind, Path.Combine(folder.Path, "models", "smoke-emotion.onnx"));
            output.WriteLine($"{kind}: smoke model vs PyTorch over {fixture.Frames} frames: {errors}");
            Assert.InRange(errors.Worst, 0f, 1e-5f);
        }
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
