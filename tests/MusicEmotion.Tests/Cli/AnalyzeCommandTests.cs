using System.Text.Json;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>analyze as a user runs it: the outputs, the exit codes, and one clear line for each bad input.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void JsonLinesHaveTheStableFieldsForEveryFrame()
    {
        var result = Analyze(Music("frantic"), "--format", "jsonl");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdoutLines;
        Assert.Equal(24, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            Assert.EndsWith("frantic.wav", root.GetProperty("file").GetString(), StringComparison.Ordinal);
            Assert.Equal(i, root.GetProperty("seq").GetInt64());
            Assert.Equal(i * 0.5, root.GetProperty("t").GetDouble(), 6);
            Assert.InRange(root.GetProperty("arousal").GetDouble(), -1, 1);
            Assert.InRange(root.GetProperty("valence").GetDouble(), -1, 1);
            Assert.Contains(root.GetProperty("quadrant").GetString(), new[] { "active-positive", "active-negative", "passive-positive", "passive-negative" });
            Assert.False(string.IsNullOrEmpty(root.GetProperty("label").GetString()));
            Assert.Equal(4, root.GetProperty("forecast").GetArrayLength());
            Assert.Equal(2, root.GetProperty("forecast")[0].GetArrayLength());
            Assert.Equal(JsonValueKind.Array, root.GetProperty("flags").ValueKind);
        }
    }

    [SkippableFact]
    public void CsvHasAHeaderAndARowPerFrame()
    {
        var result = Analyze(Music("sad"), "--format", "csv");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("file,seq,t,arousal,valence,quadrant,label,intensity,rms,flags,forecast_0.5s_arousal", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal(25, result.StdoutLines.Length);
    }

    [SkippableFact]
    public void TheTableNamesTheFileAndSummarises()
    {
        var result = Analyze(Music("love_theme"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("love_theme.wav", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("24 frames", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("0:11.5", result.Stdout, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("table")]
    public void SeveralFilesAnalysedSideBySidePrintExactlyWhatOneAtATimePrints(string format)
    {
        string[] tracks = [Music("sad"), Music("frantic"), Music("love_theme"), Music("underground"), Music("traveling_minstrels")];
        var together = Analyze([.. tracks, "--format", format]);
        Assert.True(together.ExitCode == 0, together.ToString());

        var alone = tracks.Select(track => Analyze(track, "--format", format)).ToList();
        Assert.All(alone, result => Assert.True(result.ExitCode == 0, result.ToString()));
        // One file per run: CSV repeats its header each time; the batch prints it once, as one writer does.
        string expected = string.Concat(alone.Select((result, i) => format == "csv" && i > 0
            ? result.Stdout[(result.Stdout.IndexOf('\n', StringComparison.Ordinal) + 1)..]
            : result.Stdout));
        Assert.Equal(expected, together.Stdout);
    }

    [SkippableFact]
    public void AFolderStandsForItsAudioFilesInNameOrder()
    {
        string folder = _folder.File("set");
        Directory.CreateDirectory(Path.Combine(folder, "b"));
        File.Copy(Music("sad"), Path.Combine(folder, "b", "2-sad.wav"));
        File.Copy(Music("frantic"), Path.Combine(folder, "1-frantic.wav"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not audio");

        var result = Analyze(folder, "--format", "csv");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(49, result.StdoutLines.Length);
        Assert.EndsWith("1-frantic.wav", result.StdoutLines[1].Split(',')[0], StringComparison.Ordinal);
        Assert.EndsWith("2-sad.wav", result.StdoutLines[48].Split(',')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutAudioIsBadInputOnOneLine()
    {
        string folder = _folder.File("empty-folder");
        Directory.CreateDirectory(folder);
        var result = CliProcess.Run("analyze", folder);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no audio files", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOptionIsBadUsage()
    {
        var result = CliProcess.Run("analyze", "x.wav", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFormatIsBadUsageOnOneLineNamingTheOptionAndItsValues()
    {
        var result = CliProcess.Run("analyze", "x.wav", "--format", "xml");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "musicemotion: --format: Argument 'xml' not recognized. Must be one of: 'table', 'csv', 'jsonl' (see 'musicemotion --help')",
            Assert.Single(result.StderrLines).TrimEnd('\r'));
    }

    public static TheoryData<string, byte[], string> BrokenFiles => new()
    {
        { "empty.wav", [], "empty" },
        { "truncated-header.wav", "RIFF\x10\0\0\0WA"u8.ToArray(), "truncated-header.wav" },
        { "zero-channels.wav", TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 0, 44_100, 16, 2)), TestWav.Chunk("data", new byte[400])), "channel" },
        { "zero-rate.wav", TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 1, 0, 16)), TestWav.Chunk("data", new byte[400])), "rate" },
        { "text.wav", "this is not audio at all, just text\n"u8.ToArray(), "text.wav" },
        { "unknown-tag.wav", TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(0x1234, 1, 44_100, 16)), TestWav.Chunk("data", new byte[400])), "unknown-tag.wav" },
    };

    [SkippableTheory]
    [MemberData(nameof(BrokenFiles))]
    public void EachBrokenFileGetsOneLineNamingItAndExitCode3(string name, byte[] content, string mentioned)
    {
        string path = _folder.Write(name, content);
        var result = Analyze(path);
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AMissingPathAndADirectoryAreBadInput()
    {
        var missing = Analyze(Path.Combine(_folder.Path, "nope.wav"));
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("nope.wav", Assert.Single(missing.StderrLines), StringComparison.Ordinal);
        // A folder stands for the audio files under it; one without any is bad input, named.
        var directory = Analyze(_folder.Path);
        Assert.Equal(3, directory.ExitCode);
        Assert.Contains("no audio files in this folder", Assert.Single(directory.StderrLines), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ADataChunkLongerThanTheFileKeepsTheFramesThatAreThere()
    {
        // 1.2 s of audio, but the header promises 10 s: the two whole frames are analysed, then the error.
        byte[] samples = new byte[(int)(1.2 * 44_100) * 2];
        new Random(5).NextBytes(samples);
        string path = _folder.Write("short.wav", TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(1, 1, 44_100, 16)),
            TestWav.Chunk("data", samples, declaredSize: 44_100 * 2 * 10)));
        var result = Analyze(path, "--format", "jsonl");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal(2, result.StdoutLines.Length);
        Assert.Contains("short.wav", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void NonFiniteSamplesAreReplacedAndReported()
    {
        var samples = new float[44_100];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = 0.3f * MathF.Sin(i * 0.07f);
        }
        samples[100] = float.NaN;
        samples[30_000] = float.PositiveInfinity;
        string path = _folder.Write("nan.wav", TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(3, 1, 44_100, 32)),
            TestWav.Chunk("data", samples.SelectMany(BitConverter.GetBytes).ToArray())));
        var result = Analyze(path, "--format", "jsonl");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 NaN/infinite samples", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, result.StdoutLines.Length);
        Assert.All(result.StdoutLines, line =>
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(double.IsFinite(json.RootElement.GetProperty("arousal").GetDouble()));
        });
    }

    [SkippableFact]
    public void AnUnknownModelIsBadInputAndListsWhatIsInstalled()
    {
        string dir = Requires.ReferenceData();
        var result = CliProcess.Run("analyze", Path.Combine(dir, "music", "sad.wav"), "--model", "no-such-model");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no-such-model", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void SeveralFilesAreAllAnalysedAndABadOneDoesNotStopTheRest()
    {
        string bad = _folder.Write("bad.wav", "nope"u8.ToArray());
        var result = Analyze(Music("sad"), bad, Music("frantic"), "--format", "jsonl");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(48, result.StdoutLines.Length);
        Assert.Contains("bad.wav", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AThreeHourFileStreamsInsteadOfLoading()
    {
        Requires.That(OperatingSystem.IsLinux(), "Linux (/proc for the peak memory)");
        string dir = Requires.ReferenceData();
        // 3 h of 44.1 kHz stereo 16-bit: 1.9 GB of audio, written as a sparse file (the data is a hole of zeros).
        long dataBytes = 3L * 3600 * 44_100 * 2 * 2;
        string path = _folder.File("three-hours.wav");
        using (var file = File.Create(path))
        {
            file.Write(TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 2, 44_100, 16)), TestWav.Chunk("data", [], declaredSize: (uint)dataBytes)));
            file.SetLength(file.Length + dataBytes);
        }
        using var process = CliProcess.Start(
            "analyze", path, "--format", "jsonl", "--model", Path.Combine(dir, "stateful_random.onnx"), "--forecaster", "linear", "--engine", "managed");
        try
        {
            for (int i = 0; i < 40; i++)
            {
                Assert.NotNull(process.StandardOutput.ReadLine());
            }
            long peakKb = File.ReadLines($"/proc/{process.Id}/status")
                .Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
                .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))
                .Single();
            Assert.True(peakKb < 400_000, $"peak resident memory {peakKb / 1024} MiB while analysing a 1.9 GB file");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static string Music(string track) => Path.Combine(Requires.ReferenceData(), "music", track + ".wav");

    /// <summary>analyze with the reference stateful model (strong signal) and the linear-trend forecast.</summary>
    private static CliResult Analyze(params string[] args)
    {
        string dir = Requires.ReferenceData();
        return CliProcess.Run(["analyze", .. args, "--model", Path.Combine(dir, "stateful_random.onnx"), "--forecaster", "linear", "--engine", "managed"]);
    }
}
