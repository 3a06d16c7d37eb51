using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MusicEmotion.Tests.Outputs;

namespace MusicEmotion.Tests.Fuzz;

/// <summary>A crash, a hang or an over-allocation: what happened and the input that did it.</summary>
internal sealed record FuzzFinding(string Kind, string Detail, byte[] Input)
{
    public override string ToString() => $"{Kind}: {Detail} (input {Input.Length} bytes: {Convert.ToHexString(Input.AsSpan(0, Math.Min(Input.Length, 64)))}{(Input.Length > 64 ? "..." : "")})";
}

/// <summary>An input a target is parsing, and the <see cref="Stopwatch"/> timestamp it started at.</summary>
internal sealed record InFlightInput(FuzzTarget Target, byte[] Input, long Started);

/// <summary>What one target's run tried and found.</summary>
internal sealed class FuzzReport(string target)
{
    public string Target { get; } = target;

    public int Inputs { get; set; }

    /// <summary>Each distinct outcome (a result, or an error's kind with its numbers and quoted bytes blanked) and how often.</summary>
    public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public TimeSpan Slowest { get; set; }

    /// <summary>Inputs that overran the time bound once and kept within it when timed again (machine stalls).</summary>
    public int SlowOnce { get; set; }

    public long MostAllocated { get; set; }

    public List<FuzzFinding> Findings { get; } = [];

    public TimeSpan Elapsed { get; set; }
}

/// <summary>
/// Runs a target on mutants of its seeds (<see cref="ByteMutations"/>, a fixed seed, so a run is repeatable):
/// every input must end in a result or one of the target's one-line errors, within its time bound and its
/// allocation cap. The seeds themselves are tried first, unmutated.
/// </summary>
internal static partial class FuzzRun
{
    public const string InputName = "fuzz-input";

    private static InFlightInput? _inFlight;

    /// <summary>The input being parsed now and since when, for a watchdog that catches a parser that never returns.</summary>
    public static InFlightInput? InFlight => Volatile.Read(ref _inFlight);

    public static FuzzReport Run(FuzzTarget target, int inputs, int seed, string? findingsFolder = null, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        IReadOnlyList<byte[]> seeds = target.Seeds();
        var random = new Random(seed);
        var report = new FuzzReport(target.Name);
        var total = Stopwatch.StartNew();
        for (int i = 0; i < inputs && (budget is null || total.Elapsed < budget); i++)
        {
            byte[] input = i < seeds.Count ? seeds[i] : ByteMutations.Mutate(seeds[random.Next(seeds.Count)], random);
            FuzzFinding? finding = Try(target, input, report);
            report.Inputs++;
            if (finding is not null)
            {
                report.Findings.Add(finding);
                Save(findingsFolder, target.Name, finding);
            }
        }
        report.Elapsed = total.Elapsed;
        return report;
    }

    /// <summary>
    /// Parses one input and judges it: null when it ended in a result or one of the target's one-line errors within
    /// its bounds, else what went wrong. The report counts the outcome (the caller counts the input). The
    /// coverage-guided runner (tools/fuzz's --libfuzzer mode) judges its inputs here too.
    /// </summary>
    internal static FuzzFinding? Try(FuzzTarget target, byte[] input, FuzzReport report)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(report);
        long before = Allocated(target);
        long started = Stopwatch.GetTimestamp();
        string outcome;
        FuzzFinding? finding = null;
        Volatile.Write(ref _inFlight, new InFlightInput(target, input, started));
        try
        {
            outcome = target.Run(input);
        }
        catch (Exception error) when (target.IsProjectError(error))
        {
            outcome = error.GetType().Name + ": " + Kind(error.Message);
            if (error.Message.Contains('\n') || error.Message.Contains('\r') || error.Message.Length > 600)
            {
                finding = new FuzzFinding("not one line", error.Message, input);
            }
        }
        catch (Exception error)
        {
            outcome = "crash " + error.GetType().Name;
            finding = new FuzzFinding("crash", error.ToString().ReplaceLineEndings(" | "), input);
        }
        Volatile.Write(ref _inFlight, null);
        TimeSpan took = Stopwatch.GetElapsedTime(started);
        long allocated = Allocated(target) - before;
        report.Outcomes[outcome] = report.Outcomes.GetValueOrDefault(outcome) + 1;
        report.Slowest = took > report.Slowest ? took : report.Slowest;
        report.MostAllocated = Math.Max(report.MostAllocated, allocated);
        // The first inputs pay for JIT compilation and the runtime's first-use caches (System.Text.Json's metadata:
        // 600 KB for an empty bench report when it comes first, as libFuzzer's first input does); the bounds are for
        // the parser, not the runtime's warm-up.
        bool warm = report.Inputs >= 16;
        if (finding is null && took > target.TimeBound && warm)
        {
            // A stall of the machine (another build, a collection of the whole process) can hold any input past the
            // bound once; a slow parser is slow every time. So an overrun is timed again, and only a second is a hang.
            TimeSpan again = TimeAgain(target, input);
            if (again > target.TimeBound)
            {
                finding = new FuzzFinding("hang", $"took {took.TotalMilliseconds:F0} ms, then {again.TotalMilliseconds:F0} ms timed again, bound {target.TimeBound.TotalMilliseconds:F0} ms ({outcome})", input);
            }
            else
            {
                report.SlowOnce++;
            }
        }
        long cap = target.AllocationCap(input.Length);
        if (finding is null && allocated > cap && warm)
        {
            finding = new FuzzFinding("over-allocation", $"allocated {allocated} bytes, cap {cap} ({outcome})", input);
        }
        return finding;
    }

    /// <summary>How long the input takes a second time, however it ends (its outcome was judged the first time).</summary>
    private static TimeSpan TimeAgain(FuzzTarget target, byte[] input)
    {
        long started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _inFlight, new InFlightInput(target, input, started));
        try
        {
            target.Run(input);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Judged the first time: only the time counts here.
        }
        finally
        {
            Volatile.Write(ref _inFlight, null);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private static long Allocated(FuzzTarget target) =>
        target.ProcessWideAllocation ? GC.GetTotalAllocatedBytes() : GC.GetAllocatedBytesForCurrentThread();

    /// <summary>An error message as a kind: the input's name, numbers and quoted text blanked, cut to 100 characters.</summary>
    public static string Kind(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string kind = message.Replace(Path.GetTempPath(), "", StringComparison.Ordinal);
        kind = QuotedOrNumber().Replace(kind, "#");
        return kind.Length > 100 ? kind[..100] : kind;
    }

    /// <summary>Saves a finding's input (and what happened) as FOLDER/TARGET/KIND-HASH.bin and .txt.</summary>
    public static void Save(string? folder, string target, FuzzFinding finding)
    {
        if (folder is null)
        {
            return;
        }
        string directory = Path.Combine(folder, target);
        Directory.CreateDirectory(directory);
        string name = $"{finding.Kind.Replace(' ', '-')}-{Convert.ToHexString(SHA256.HashData(finding.Input))[..12].ToLowerInvariant()}";
        File.WriteAllBytes(Path.Combine(directory, name + ".bin"), finding.Input);
        File.WriteAllText(Path.Combine(directory, name + ".txt"), finding.Detail + Environment.NewLine);
    }

    [GeneratedRegex(@"'[^']*'|""[^""]*""|\(0x[0-9A-Fa-f]+\)|-?\d+(\.\d+)?")]
    private static partial Regex QuotedOrNumber();
}
