using System.Diagnostics;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// The whole per-frame path — decode, resample, frame, features, engine, forecast, the hand-offs between the stage
/// threads, a sink — allocates nothing per frame once warm. The stages run on several threads, so the measure is the
/// whole process's allocated bytes; the test runner's own process allocates all the time (about 1.7 kB a second while
/// idle), so the session runs in a child process (F# Interactive, part of the .NET SDK, running our assemblies) with
/// nothing else in it.
/// </summary>
/// <remarks>
/// The count is taken between readings well after the warm-up (frame pools grown to the most frames ever in flight,
/// every method compiled), over six stretches of 150 readings, and the least is judged, as
/// <see cref="Allocations"/> does: the thread pool's own bookkeeping (a worker thread started or retired) lands in a
/// stretch now and then, while an allocation per frame would land in all six. Three stretches of 300 were not enough
/// on a loaded machine: one clean-clone CI run saw 1112, 5600 and 40 B, each below one allocation per reading
/// (300 readings x 24 B = 7 200 B at least) and unlike each other: the pool growing while the rest of the suite ran.
/// </remarks>
[Collection(ProcessWideMeasurements.Name)]
public sealed class PipelineAllocationTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Readings before the first count; the 600 s file gives 1200, enough for all the stretches after it.</summary>
    private const int WarmUp = 200;
    private const int Stretch = 150;
    private const int Stretches = 6;

    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [SkippableFact]
    public void TheSteadyStateAllocatesNothingPerFrame()
    {
        string wav = _fixture.Wav("long.wav", 600);
        string script = _fixture.Folder.File("steady-state.fsx");
        File.WriteAllText(script, Script(wav, _fixture.ModelPath));

        long[] stretches = RunFsi(script).Split(' ').Select(long.Parse).ToArray();

        output.WriteLine($"bytes allocated in each stretch of {Stretch} readings after reading {WarmUp}: {string.Join(", ", stretches)}");
        Assert.Equal(Stretches, stretches.Length);
        Assert.True(stretches.Min() == 0, $"every stretch of {Stretch} readings allocated: {string.Join(", ", stretches)} B");
    }

    private static string Script(string wav, string model)
    {
        string bin = AppContext.BaseDirectory;
        string[] assemblies = ["Native", "Audio", "Features", "Inference", "Pipeline"];
        return string.Join('\n', assemblies.Select(name => $"#r @\"{Path.Combine(bin, $"MusicEmotion.{name}.dll")}\"")) + $$"""

            open System
            open MusicEmotion.Inference
            open MusicEmotion.Inference.Models
            open MusicEmotion.Pipeline
            let marks = Array.zeroCreate<int64> {{Stretches + 1}}
            let probe =
                { new MusicEmotion.Pipeline.Sinks.IReadingSink with
                    member _.Name = "allocation probe"
                    member _.Start(_) = ()
                    member _.Write(reading: inref<EmotionReading>) =
                        let index = int (reading.Sequence - {{WarmUp}}L) / {{Stretch}}
                        if reading.Sequence >= {{WarmUp}}L && (reading.Sequence - {{WarmUp}}L) % {{Stretch}}L = 0L && index <= {{Stretches}} then
                            marks[index] <- GC.GetTotalAllocatedBytes(true)
                    member _.Complete(_) = () }
            let models = new LoadedModels(ModelCatalog.Describe(@"{{model}}"), Managed.ManagedEmotionEngine.Load(@"{{model}}"), new LinearTrendForecaster(), "")
            use source = new Sources.FileFrameSource(@"{{wav}}")
            let summary = EmotionSession(source, models, [ probe ], PipelineOptions.File).RunAsync(Threading.CancellationToken.None).GetAwaiter().GetResult()
            if not (isNull summary.Error) then raise summary.Error
            printfn "%s" (String.Join(" ", Array.pairwise marks |> Array.map (fun (a, b) -> b - a)))
            """;
    }

    private static string RunFsi(string script)
    {
        using Process process = ExternalProgram.Start(Cli.CliProcess.Dotnet, ["fsi", "--quiet", "--nowarn:760", script], null);
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string result = process.StandardOutput.ReadToEnd().Trim();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "F# Interactive did not finish");
        Assert.True(process.ExitCode == 0, $"F# Interactive failed ({process.ExitCode}): {errors.Result}");
        return result;
    }
}
