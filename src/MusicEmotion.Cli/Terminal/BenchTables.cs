using System.Globalization;
using MusicEmotion.Bench;
using Spectre.Console;

namespace MusicEmotion.Cli.Terminal;

/// <summary>What <c>musicemotion bench</c> prints: the header, the latency table, the percentile bars, the comparisons.</summary>
internal static class BenchTables
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Machine, engine (and why), model, threads: the lines that make the numbers below mean something.</summary>
    public static void WriteHeader(IAnsiConsole console, BenchMachine machine, BenchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(setup);
        Line(console, "machine", $"{machine.Cpu}, {machine.LogicalCores} cores, {machine.Simd}; {machine.Os}; {machine.Runtime}");
        string why = setup.EngineNote.Length > 0 ? setup.EngineNote : "chosen with --engine";
        Line(console, "engine", $"{setup.Engine} ({setup.Provider}): {why}");
        Line(console, "model", $"{setup.Model} ({setup.ModelPath}); forecaster {setup.Forecaster}");
        string pin = setup.PinnedCpu is { } cpu ? $", pinned to CPU {cpu}" : "";
        // Reports written before the option existed have no scheduling: they ran as normal threads.
        string scheduling = setup.Scheduling is { } policy && policy != "normal" ? $" ({policy})" : "";
        string paced = setup.Realtime ? ", paced at 2 Hz like live" : ", frames back to back";
        Line(console, "run", $"one bench thread{scheduling}{pin}{paced}, ORT threads {setup.Threads}, {setup.LoadThreads} busy load thread(s); "
            + $"input {setup.Input} ({setup.InputFrames} frames, looped), {setup.WarmUpFrames} warm-up frames");
    }

    public static void WriteReport(IAnsiConsole console, BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.Write(LatencyTable(report.Stages, $"latency per frame (us), {report.Throughput.Frames} frames"));
        if (report.Stage(BenchStages.EndToEndName) is { } endToEnd)
        {
            console.Write(PercentileBars(endToEnd));
        }
        BenchThroughput t = report.Throughput;
        BenchResources r = report.Resources;
        Line(console, "throughput", $"{t.FramesPerSecond:N0} frames/s = {t.RealTimeFactor:N0}x real time ({t.Frames} frames in {t.WallSeconds:0.000} s)");
        Line(console, "allocated", $"{r.AllocatedBytesPerFrame:0.#} bytes/frame ({r.AllocatedBytes} bytes on the bench thread)");
        Line(console, "gc", $"gen0 {r.Gen0Collections}, gen1 {r.Gen1Collections}, gen2 {r.Gen2Collections} collections");
        Line(console, "cpu", $"{r.ProcessCpuSeconds:0.000} s process CPU time, {r.CpuUtilisation:0.00} cores busy on average");
        if (report.AgainstPytorch is { } pytorch)
        {
            WritePytorch(console, report, pytorch);
        }
    }

    /// <summary>B/A per stage and percentile; a stage whose [p10, p90] ranges overlap is marked as within noise.</summary>
    public static void WriteComparison(IAnsiConsole console, string pathA, BenchReport a, string pathB, BenchReport b)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Line(console, "A", $"{pathA}: {a.Setup.Engine} ({a.Setup.Provider}), {a.Setup.Model}, {a.Machine.Cpu}, {a.CreatedUtc:u}");
        Line(console, "B", $"{pathB}: {b.Setup.Engine} ({b.Setup.Provider}), {b.Setup.Model}, {b.Machine.Cpu}, {b.CreatedUtc:u}");
        var table = new Table().Title("ratio B/A (below 1: B is faster)").AddColumn("stage");
        foreach (var (name, _) in a.Stages[0].Percentiles())
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }
        table.AddColumn(new TableColumn("mean").RightAligned()).AddColumn("noise");
        foreach (StageStatistics sa in a.Stages)
        {
            if (b.Stage(sa.Stage) is not { } sb)
            {
                continue;
            }
            var cells = new List<string> { sa.Stage };
            cells.AddRange(sa.Percentiles().Zip(sb.Percentiles(), (x, y) => Ratio(x.Microseconds, y.Microseconds)));
            cells.Add(Ratio(sa.MeanUs, sb.MeanUs));
            bool overlap = sa.P10Us <= sb.P90Us && sb.P10Us <= sa.P90Us;
            cells.Add(overlap ? "within noise ([p10, p90] overlap)" : "differs ([p10, p90] apart)");
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }

    private static void WritePytorch(IAnsiConsole console, BenchReport report, PytorchComparison pytorch)
    {
        var pairs = new Table().Title($"C# vs PyTorch, interleaved blocks of {pytorch.BlockFrames} frames ({pytorch.Torch})")
            .AddColumn("pair").AddColumn(new TableColumn("C# median us").RightAligned())
            .AddColumn(new TableColumn("Python median us").RightAligned()).AddColumn(new TableColumn("Python / C#").RightAligned());
        foreach (PytorchPair pair in pytorch.Pairs)
        {
            pairs.AddRow(
                pair.Pair.ToString(Invariant), Micros(pair.CsharpMedianUs), Micros(pair.PythonMedianUs), pair.Ratio.ToString("0.0", Invariant) + "x");
        }
        console.Write(pairs);
        console.Write(LatencyTable(pytorch.Python, "Python per frame (us): NumPy features + torch"));
        Line(console, "pytorch", $"C# is {pytorch.MedianRatio:0.0}x faster per frame (median of {pytorch.Pairs.Count} pair ratios); "
            + $"end to end median C# {Micros(report.Stage(BenchStages.EndToEndName)?.MedianUs ?? 0)} us");
    }

    private static Table LatencyTable(IReadOnlyList<StageStatistics> stages, string title)
    {
        var table = new Table().Title(title).AddColumn("stage").AddColumn(new TableColumn("frames").RightAligned());
        foreach (string column in new[] { "min", "median", "p90", "p99", "p99.9", "max", "mean", "std dev" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (StageStatistics s in stages)
        {
            table.AddRow(
                s.Stage, s.Count.ToString(Invariant), Micros(s.MinUs), Micros(s.MedianUs), Micros(s.P90Us), Micros(s.P99Us), Micros(s.P999Us),
                Micros(s.MaxUs), Micros(s.MeanUs), Micros(s.StdDevUs));
        }
        return table;
    }

    private static BarChart PercentileBars(StageStatistics stage)
    {
        var chart = new BarChart().Label($"{stage.Stage} percentiles (us)").Width(72);
        Color[] colours = [Color.Green, Color.Green, Color.Yellow, Color.Orange1, Color.Red, Color.Red];
        int i = 0;
        foreach (var (name, micros) in stage.Percentiles())
        {
            chart.AddItem(name, Math.Round(micros, 1), colours[i++]);
        }
        return chart;
    }

    private static string Micros(double value) => value.ToString(value < 100 ? "0.0" : "N0", Invariant);

    private static string Ratio(double a, double b) => a > 0 ? (b / a).ToString("0.00", Invariant) : "-";

    private static void Line(IAnsiConsole console, string label, string text) =>
        console.MarkupLine($"[bold]{Markup.Escape(label)}[/]: {Markup.Escape(text)}");
}
