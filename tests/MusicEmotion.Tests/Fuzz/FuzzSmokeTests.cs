using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Fuzz;

/// <summary>
/// A short run of every fuzz target (tools/fuzz/run.sh runs the long ones): a few thousand mutants each from a
/// fixed seed, every one ending in a result or the project's one-line error, within its time and allocation bounds.
/// </summary>
public sealed class FuzzSmokeTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_204;

    public static TheoryData<string> ParserTargets { get; } = [.. FuzzTargets.Names.Where(n => n is not ("http-analyze" or "websocket"))];

    [Theory]
    [MemberData(nameof(ParserTargets))]
    public void EveryMutantEndsInAResultOrAOneLineError(string target) => Smoke(target, 3000);

    internal void Smoke(string name, int inputs)
    {
        FuzzTarget target = FuzzTargets.Create(name);
        try
        {
            FuzzReport report = FuzzRun.Run(target, inputs, Seed);
            output.WriteLine($"{name}: {report.Inputs} inputs in {report.Elapsed.TotalSeconds:F1} s, {report.Outcomes.Count} outcomes, slowest {report.Slowest.TotalMilliseconds:F1} ms, most allocated {report.MostAllocated} B");
            Assert.Equal(inputs, report.Inputs);
            Assert.True(report.Findings.Count == 0, string.Join(Environment.NewLine, report.Findings.Take(5)));
            // Both sides must be reached: mutants that still parse, and mutants that fail with an error.
            Assert.True(report.Outcomes.Count >= 2, string.Join("; ", report.Outcomes.Keys));
        }
        finally
        {
            target.Release();
        }
    }
}

/// <summary>
/// The server targets: fewer inputs (each costs a request), the reference model behind /analyze. Their allocation cap
/// is the whole process's (the work runs on the server's threads), so they run on their own, after the parallel
/// tests, whose allocations would otherwise count as theirs.
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed class FuzzServerSmokeTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("http-analyze", 300)]
    [InlineData("websocket", 500)]
    public void TheServerAnswersEveryMutatedRequest(string target, int inputs)
    {
        Requires.ReferenceData();
        new FuzzSmokeTests(output).Smoke(target, inputs);
    }
}
