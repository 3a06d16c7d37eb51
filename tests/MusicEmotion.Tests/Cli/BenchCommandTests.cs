using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using MusicEmotion.Outputs.Bench;
using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Pipeline.Bench;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Tests.Cli;

/// <summary>bench as a user runs it: on a reference track with the paper's models, a few frames each (no timing is asserted).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string[] Stages = ["features", "inference", "forecast", "end-to-end"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void ARunOnAReferenceFileWritesJsonWithEveryField()
    {
        string json = _folder.File("run.json");
        CliResult result = Bench("--out", json);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("end-to-end", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("machine:", result.Stdout, StringComparison.Ordinal);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(json));
        JsonElement root = document.RootElement;
        foreach (string section in new[] { "created_utc", "machine", "setup", "stages", "throughput", "resources" })
        {
            Assert.True(root.TryGetProperty(section, out _), $"no '{section}' in {json}");
        }
        foreach (string field in new[] { "cpu", "logical_cores", "simd", "os", "runtime" })
        {
            Assert.True(root.GetProperty("machine").TryGetProperty(field, out _), $"machine has no '{field}'");
        }
        Assert.Equal("managed", root.GetProperty("setup").GetProperty("engine").GetString());
        Assert.Equal("normal", root.GetProperty("setup").GetProperty("scheduling").GetString());
        Assert.Equal(40, root.GetProperty("throughput").GetProperty("frames").GetInt64());
        Assert.True(root.GetProperty("throughput").GetProperty("frames_per_second").GetDouble() > 0);
        Assert.True(root.GetProperty("resources").GetProperty("process_cpu_seconds").GetDouble() > 0);
        Assert.Equal(Stages, root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        foreach (JsonElement stage in root.GetProperty("stages").EnumerateArray())
        {
            Assert.Equal(40, stage.GetProperty("count").GetInt64());
            double[] ordered = new[] { "min_us", "p10_us", "median_us", "p90_us", "p99_us", "p999_us", "max_us" }
                .Select(name => stage.GetProperty(name).GetDouble()).ToArray();
            Assert.True(ordered[0] > 0, $"{stage}: min must be positive");
            Assert.Equal(ordered.Order(), ordered);
            Assert.Equal(40, stage.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
        }

        BenchReport report = BenchReportFiles.ReadJson(json);
        Assert.Equal(4, report.Stages.Count);
        Assert.Equal("paper_emotion", report.Setup.Model);
    }

    [SkippableFact]
    public void APacedRunUnderLoadOnAPinnedThreadRecordsWakeUpLateness()
    {
        Requires.Platform(OperatingSystem.IsLinux(), "Linux only: --pin");
        string json = _folder.File("paced.json");
        CliResult result = Bench("--realtime", "--duration", "1.2", "--load", "1", "--pin", "0", "--out", json);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("paced at 2 Hz", result.Stdout, StringComparison.Ordinal);

        BenchReport report = BenchReportFiles.ReadJson(json);
        Assert.Equal((true, 1, 0), (report.Setup.Realtime, report.Setup.LoadThreads, report.Setup.PinnedCpu));
        // Frames start at 0, 0.5 and 1.0 s of the 1.2 s, each with its lateness against that schedule.
        Assert.Equal(3, report.Throughput.Frames);
        Assert.Equal(3, Assert.IsType<StageStatistics>(report.Stage("wake-up")).Count);
        Assert.True(report.Resources.ProcessCpuSeconds > 0);
    }

    [SkippableFact]
    public void ARealtimeBenchThreadIsReportedAndARefusalSaysHowToAllowIt()
    {
        Requires.Platform(OperatingSystem.IsLinux(), "Linux only: SCHED_FIFO");
        Requires.That(Environment.IsPrivilegedProcess, "root, whom the kernel allows real-time scheduling");
        string json = _folder.File("realtime.json");
        CliResult granted = Bench("--priority", "realtime", "--load", "1", "--out", json);
        Assert.True(granted.ExitCode == 0, granted.ToString());
        Assert.Contains("one bench thread (SCHED_FIFO priority 10)", granted.Stdout, StringComparison.Ordinal);
        Assert.Equal("SCHED_FIFO priority 10", BenchReportFiles.ReadJson(json).Setup.Scheduling);
        Assert.Contains("Linux pauses real-time threads that run more than", granted.Stderr, StringComparison.Ordinal);

        // Without CAP_SYS_NICE even root is refused, as an ordinary user without an rtprio limit is.
        string reference = Requires.ReferenceData();
        CliResult refused = CliProcess.RunUnder(
            ["setpriv", "--bounding-set", "-sys_nice"],
            ["bench", Path.Combine(reference, "music", "sad.wav"), "--frames", "40", .. Models(), "--priority", "realtime"]);
        // The machine's policy refused it, not the user's input: an environment failure.
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.StderrLines);
        Assert.StartsWith("musicemotion: --priority realtime: the kernel refused real-time scheduling (SCHED_FIFO priority 10)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("rtprio", refused.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void CsvAndMessagePackReportsReadBack()
    {
        string csv = _folder.File("run.csv");
        string msgpack = _folder.File("run.msgpack");
        CliResult result = Bench("--out", csv, "--out", msgpack);
        Assert.True(result.ExitCode == 0, result.ToString());

        string[] lines = File.ReadAllLines(csv);
        Assert.StartsWith("stage,count,min_us,p10_us,median_us,p90_us,p99_us,p99_9_us,max_us,mean_us,stddev_us,engine", lines[0], StringComparison.Ordinal);
        Assert.Equal(Stages, lines.Skip(1).Select(line => line.Split(',')[0]));
        Assert.All(lines.Skip(1), line => Assert.Equal("40", line.Split(',')[1]));

        var reader = new MessagePackReader(new ReadOnlySequence<byte>(File.ReadAllBytes(msgpack)));
        MessagePackValue root = MessagePackValue.Read(ref reader);
        Assert.True(reader.End);
        Assert.Equal("managed", root["setup"]!["engine"]!.AsString);
        Assert.Equal(40, (long)root["throughput"]!["frames"]!.AsInteger);
        Assert.Equal(Stages, root["stages"]!.Items.Select(s => s["stage"]!.AsString));
        Assert.True(root["stages"]!.Items[3]["median_us"]!.AsDouble > 0);
    }

    [SkippableFact]
    public void PlotDrawsTheDistributionIntoAPng()
    {
        string png = _folder.File("latency.png");
        CliResult result = Bench(new Dictionary<string, string> { ["DISPLAY"] = "" }, "--plot", png);
        Assert.True(result.ExitCode == 0, result.ToString());

        RgbaImage image = PngReader.Read(png);
        Assert.Equal((1600, 900), (image.Width, image.Height));
        // The green histogram bars and the stage curves light up pixels that the dark background never has.
        int coloured = 0;
        for (int y = 100; y < 800; y += 2)
        {
            for (int x = 0; x < image.Width; x += 2)
            {
                var (r, g, b, _) = image[x, y];
                coloured += Math.Max(r, Math.Max(g, b)) > 120 ? 1 : 0;
            }
        }
        Assert.True(coloured > 500, $"only {coloured} lit pixels: is the plot drawn? ({png})");
    }

    [SkippableFact]
    public void CompareOfTwoRunsPrintsRatiosAndANoiseNote()
    {
        string a = _folder.File("a.json");
        string b = _folder.File("b.json");
        Assert.Equal(0, Bench("--out", a).ExitCode);
        Assert.Equal(0, Bench("--out", b).ExitCode);

        CliResult result = CliProcess.Run("bench", "--compare", a, b);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ratio B/A", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("end-to-end", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(within noise|differs)", result.Stdout);
        Assert.Matches(@"\d\.\d\d", result.Stdout);
    }

    [SkippableFact]
    public void AgainstPytorchRunsBothSidesInterleaved()
    {
        Requires.That(TorchAvailable(), "/usr/bin/python3 with torch, numpy and onnx (apt-get install python3-torch python3-onnx)");
        string json = _folder.File("pytorch.json");
        CliResult result = Bench("--against-pytorch", "--block", "20", "--out", json);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("C# vs PyTorch", result.Stdout, StringComparison.Ordinal);

        BenchReport report = BenchReportFiles.ReadJson(json);
        PytorchComparison comparison = Assert.IsType<PytorchComparison>(report.AgainstPytorch);
        Assert.Equal(2, comparison.Pairs.Count);
        Assert.All(comparison.Pairs, pair => Assert.True(pair.PythonMedianUs > 0 && pair.CsharpMedianUs > 0 && pair.Ratio > 0));
        Assert.Equal(40, comparison.Python.Single(s => s.Stage == "end-to-end").Count);
        Assert.Equal(40, report.Throughput.Frames);
    }

    [Theory]
    [InlineData("--frames", "0")]
    [InlineData("--warmup", "-1")]
    [InlineData("--load", "-2")]
    [InlineData("--pin", "4096")]
    [InlineData("--duration", "0")]
    [InlineData("--out", "report.txt")]
    [InlineData("--plot", "latency.jpg")]
    [InlineData("--engine", "gpu")]
    [InlineData("--no-such-option")]
    public void BadOptionsAreAOneLineUsageError(params string[] option)
    {
        CliResult result = CliProcess.Run(["bench", .. option]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("musicemotion: ", result.StderrLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AFileThatIsNotAudioIsExitThreeNamingIt()
    {
        string bogus = _folder.Write("notes.wav", "not audio at all"u8.ToArray());
        CliResult result = CliProcess.Run(["bench", bogus, "--frames", "5", .. Models()]);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Single(result.StderrLines);
        Assert.Contains(bogus, result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void CompareOfAFileThatIsNoReportIsExitThreeNamingIt()
    {
        string bogus = _folder.Write("a.json", "{\"x\": 1}"u8.ToArray());
        CliResult result = CliProcess.Run("bench", "--compare", bogus, bogus);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(bogus, result.Stderr, StringComparison.Ordinal);
    }

    private CliResult Bench(params string[] options) => Bench(null, options);

    private static CliResult Bench(IReadOnlyDictionary<string, string>? environment, params string[] options)
    {
        string reference = Requires.ReferenceData();
        return CliProcess.Run(environment,
            ["bench", Path.Combine(reference, "music", "sad.wav"), "--frames", "40", "--warmup", "10", .. Models(), .. options]);
    }

    /// <summary>The paper's models on the managed engine: the paper-size path the targets speak of.</summary>
    private static string[] Models()
    {
        string reference = Requires.ReferenceData();
        return
        [
            "--model", Path.Combine(reference, "paper_emotion.onnx"), "--forecaster", Path.Combine(reference, "paper_predictor.onnx"),
            "--engine", "managed",
        ];
    }

    private static bool TorchAvailable()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch, numpy, onnx"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        python.WaitForExit();
        return python.ExitCode == 0;
    }
}
