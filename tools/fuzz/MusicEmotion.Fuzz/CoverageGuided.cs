using MusicEmotion.Tests.Fuzz;
using SharpFuzz;

namespace MusicEmotion.Fuzz;

/// <summary>
/// The .NET side of coverage-guided fuzzing (tools/fuzz/run.sh --coverage): libFuzzer, through the driver in
/// tools/fuzz/libfuzzer, chooses the inputs from the branches the instrumented parsers took, and each one is judged
/// by the same oracle as the structured runs (<see cref="FuzzRun.Try"/>: a result or a one-line error, within the
/// target's time bound and allocation cap). A finding is thrown, which SharpFuzz prints and reports as a crash.
/// </summary>
internal static class CoverageGuided
{
    /// <summary>Serves one target to the driver that started this process, until it stops or a finding ends it.</summary>
    public static int Serve(string name)
    {
        if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is null)
        {
            Console.Error.WriteLine("fuzz: --libfuzzer is for the driver tools/fuzz/run.sh --coverage starts; run that instead");
            return 2;
        }
        FuzzTarget target = FuzzTargets.Create(name);
        var report = new FuzzReport(name);
        try
        {
            Fuzzer.LibFuzzer.Run(data =>
            {
                FuzzFinding? finding = FuzzRun.Try(target, data.ToArray(), report);
                report.Inputs++;
                if (finding is not null)
                {
                    throw new FuzzFindingException(finding);
                }
            });
        }
        finally
        {
            target.Release();
        }
        return 0;
    }

    /// <summary>Writes a target's seeds into a corpus folder, keeping what is there (libFuzzer's own finds).</summary>
    public static int WriteSeeds(string name, string folder)
    {
        Directory.CreateDirectory(folder);
        FuzzTarget target = FuzzTargets.Create(name);
        try
        {
            IReadOnlyList<byte[]> seeds = target.Seeds();
            for (int i = 0; i < seeds.Count; i++)
            {
                string path = Path.Combine(folder, $"seed-{i:D3}");
                if (!File.Exists(path))
                {
                    File.WriteAllBytes(path, seeds[i]);
                }
            }
            Console.WriteLine($"{name}: {seeds.Count} seeds in {folder}");
        }
        finally
        {
            target.Release();
        }
        return 0;
    }
}

/// <summary>A finding, as the exception that tells SharpFuzz (and so libFuzzer) that this input crashed.</summary>
internal sealed class FuzzFindingException(FuzzFinding finding) : Exception(finding.ToString());
