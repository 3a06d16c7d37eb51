using System.Diagnostics;
using System.Globalization;
using MusicEmotion.Fuzz;
using MusicEmotion.Tests.Fuzz;

// Usage: MusicEmotion.Fuzz [--targets a,b,...] [--inputs N] [--seed S] [--findings DIR] [--minutes M]
//        MusicEmotion.Fuzz --seeds TARGET DIR      writes the target's seeds as a libFuzzer corpus
//        MusicEmotion.Fuzz --libfuzzer TARGET      serves the target to tools/fuzz/libfuzzer's driver
// Exit 0 when every input ended in a result or a one-line error within its bounds, 1 when something was found,
// 2 for a bad argument.
if (args is ["--seeds" or "--libfuzzer", string named, ..] && !FuzzTargets.Names.Contains(named))
{
    Console.Error.WriteLine($"fuzz: no target '{named}'; the targets are {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}
switch (args)
{
    case ["--seeds", string name, string folder]:
        return CoverageGuided.WriteSeeds(name, folder);
    case ["--libfuzzer", string name]:
        return CoverageGuided.Serve(name);
}
var targets = FuzzTargets.Names.ToList();
int inputs = 100_000;
int seed = 20_261_204;
string findings = "fuzz-findings";
TimeSpan? budget = null;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--targets":
            targets = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            break;
        case "--inputs":
            inputs = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--findings":
            findings = Value();
            break;
        case "--minutes":
            budget = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture));
            break;
        case "--list":
            foreach (string name in FuzzTargets.Names)
            {
                Console.WriteLine($"{name,-15} {FuzzTargets.Create(name).Reads}");
            }
            return 0;
        default:
            Console.Error.WriteLine($"fuzz: unknown option {args[i]}; expected --targets, --inputs, --seed, --findings, --minutes or --list");
            return 2;
    }
}
foreach (string name in targets.Where(n => !FuzzTargets.Names.Contains(n)))
{
    Console.Error.WriteLine($"fuzz: no target '{name}'; the targets are {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

// A parser that never returns would stop the run with nothing said: past three times its bound, the input is
// saved as a hang and the run ends.
using var watchdog = new Timer(_ =>
{
    if (FuzzRun.InFlight is { } now && Stopwatch.GetElapsedTime(now.Started) > now.Target.TimeBound * 3)
    {
        FuzzRun.Save(findings, now.Target.Name, new FuzzFinding("hang", $"still running after {now.Target.TimeBound * 3}", now.Input));
        Console.WriteLine($"{now.Target.Name}: HANG: an input ran past {now.Target.TimeBound * 3}; saved under {Path.Combine(findings, now.Target.Name)}");
        Environment.Exit(1);
    }
}, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

int found = 0;
foreach (string name in targets)
{
    FuzzTarget target = FuzzTargets.Create(name);
    try
    {
        FuzzReport report = FuzzRun.Run(target, inputs, seed, findings, budget);
        found += report.Findings.Count;
        Console.WriteLine(
            $"{name}: {report.Inputs} inputs in {report.Elapsed.TotalSeconds:F0} s; {report.Outcomes.Count} distinct outcomes; " +
            $"slowest {report.Slowest.TotalMilliseconds:F1} ms; most allocated {report.MostAllocated / 1024.0:F0} KB; " +
            $"{report.Findings.Count} findings{(report.Findings.Count > 0 ? $" (saved under {Path.Combine(findings, name)})" : "")}" +
            (report.SlowOnce > 0 ? $"; {report.SlowOnce} over the time bound once, within it timed again (not hangs)" : ""));
        foreach (var (outcome, count) in report.Outcomes.OrderByDescending(o => o.Value).Take(12))
        {
            Console.WriteLine($"  {count,8}  {outcome}");
        }
        if (report.Outcomes.Count > 12)
        {
            Console.WriteLine($"  {report.Outcomes.Skip(12).Sum(o => o.Value),8}  ({report.Outcomes.Count - 12} other outcomes)");
        }
        foreach (FuzzFinding finding in report.Findings.DistinctBy(f => (f.Kind, f.Detail.Split(" at ")[0])).Take(10))
        {
            Console.WriteLine($"  FOUND {finding}");
        }
    }
    finally
    {
        target.Release();
    }
}
return found == 0 ? 0 : 1;
