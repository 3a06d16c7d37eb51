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
/// every method compiled), over three stretches of 300 readings, and the least is judged, as
/// <see cref="Allocations"/> does: the thread pool's own bookkeeping (a worker thread started or retired) lands in one
/// stretch now and then, while an allocation per frame would land in all three.
/// </remarks>
[Collection(ProcessWideMeasurements.Name)]
public sealed class PipelineAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [SkippableFact]
    public void TheSteadyStateAllocatesNothingPerFrame()
    {
        string wav = _fixture.Wav("long.wav", 600);
        string script = _fixture.Folder.File("steady-state.fsx");
        File.WriteAllText(script, Script(wav, _fixture.ModelPath));

        long[] stretches = RunFsi(script).Split(' ').Select(long.Parse).ToArray();

        output.WriteLine($"bytes allocated in each stretch of 300 readings after reading 200: {string.Join(", ", stretches)}");
        Assert.Equal(3, stretches.Length);
        Assert.True(stretches.Min() == 0, $"every stretch of 300 readings allocated: {string.Join(", ", stretches)} B");
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
            let marks = Array.zeroCreate<int64> 4
            let probe =
                { new MusicEmotion.Pipeline.Sinks.IReadingSink with
                    member _.Name = "allocation probe"
                    member _.Start(_) = ()
                    member _.Write(reading: inref<EmotionReading>) =
                        let index = int (reading.Sequence - 200L) / 300
                        if reading.Sequence >= 200L && (reading.Sequence - 200L) % 300L = 0L && index < 4 then
                            marks[index] <- GC.GetTotalAllocatedBytes(true)
                    member _.Complete(_) = () }
            let models = new LoadedModels(ModelCatalog.Describe(@"{{model}}"), Managed.ManagedEmotionEngine.Load(@"{{model}}"), new LinearTrendForecaster(), "")
            use source = new Sources.FileFrameSource(@"{{wav}}")
            let summary = EmotionSession(source, models, [ probe ], PipelineOptions.File).RunAsync(Threading.CancellationToken.None).GetAwaiter().GetResult()
            if not (isNull summary.Error) then raise summary.Error
            printfn "%d %d %d" (marks[1] - marks[0]) (marks[2] - marks[1]) (marks[3] - marks[2])
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
