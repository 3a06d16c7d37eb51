using System.Text;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Bench;
using MusicEmotion.Bench.Files;
using MusicEmotion.Features;
using MusicEmotion.Inference.Models;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Library.Search;
using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Fuzz;

/// <summary>
/// Every parser that reads bytes from outside the program, as a fuzz target. Seeds are valid inputs made here,
/// the shipped models and cards, and (when present) the shared reference clips, models and features, read in place.
/// The HTTP and WebSocket targets are in <see cref="FuzzApiTargets"/>.
/// </summary>
internal static class FuzzTargets
{
    private const int Kilobyte = 1024;

    /// <summary>Every target by name, the in-process server's two last (they need the reference model).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["wav", "onnx", "msgpack", "recording", "npy", "model-card", "bench-report", "profile", "profile-inline", "http-analyze", "websocket"];

    public static FuzzTarget Create(string name) => name switch
    {
        "wav" => Wav(),
        "onnx" => Onnx(),
        "msgpack" => MessagePack(),
        "recording" => Recording(),
        "npy" => Npy(),
        "model-card" => FileTarget(name, "model card JSON (ModelCard.Read)", ".json", ModelCards, path => { ModelCard.Read(path); return "card"; }),
        "bench-report" => FileTarget(name, "bench report JSON (bench --compare)", ".json", () => [BenchReportFiles.ToJson(SampleBenchReport())],
            path => { BenchReportFiles.ReadJson(path); return "report"; }),
        "profile" => FileTarget(name, "--profile CSV file", ".csv", () => ProfileSeeds.Select(Encoding.UTF8.GetBytes).ToList(),
            path => $"{EmotionProfile.Parse(path).Points.Count switch { < 10 => "few", _ => "many" }} points", typeof(ArgumentException)),
        "profile-inline" => ProfileInline(),
        "http-analyze" => FuzzApiTargets.Analyze(),
        "websocket" => FuzzApiTargets.WebSocket(),
        _ => throw new ArgumentException($"no fuzz target '{name}'; the targets are {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>The WAV header parser and decoder: every sample read, as a file source reads them.</summary>
    private static FuzzTarget Wav()
    {
        float[] buffer = new float[4096];
        return new FuzzTarget
        {
            Name = "wav",
            Reads = "WAV header, chunks and samples (WavFileSource)",
            Seeds = WavSeeds,
            Run = bytes =>
            {
                using var source = new WavFileSource(new MemoryStream(bytes, writable: false), FuzzRun.InputName);
                while (source.Read(buffer) > 0)
                {
                }
                return $"decoded {source.Header.FormatDescription}";
            },
            Errors = [typeof(AudioInputException)],
            // The decoder's one 64 KB buffer, the header and an exception's text; never a length the header claims.
            AllocationCap = length => 128 * Kilobyte,
        };
    }

    private static FuzzTarget Onnx() => new()
    {
        Name = "onnx",
        Reads = "ONNX protobuf (OnnxModelReader)",
        Seeds = () => [.. ShippedAndReference("*.onnx")],
        Run = bytes => $"model of {OnnxModelReader.Parse(bytes, FuzzRun.InputName).Graph.Nodes.Count switch { 0 => "no", < 10 => "few", _ => "many" }} nodes",
        Errors = [typeof(OnnxModelException)],
        // Tensors copy their raw data, names become strings: a few times the input, never a claimed length.
        AllocationCap = length => (8L * length) + (256 * Kilobyte),
    };

    private static FuzzTarget MessagePack() => new()
    {
        Name = "msgpack",
        Reads = "MessagePack values (MessagePackReader, three ways)",
        Seeds = MessagePackFuzzTests.Corpus,
        Run = bytes => MessagePackFuzzTests.ReadsCleanly(bytes) ? "values" : "MessagePackFormatException",
        Errors = [typeof(MessagePackFormatException)],
        AllocationCap = length => (128L * length) + (128 * Kilobyte),
    };

    /// <summary>Recordings report a problem instead of throwing: the outcome is the problem's kind.</summary>
    private static FuzzTarget Recording() => new()
    {
        Name = "recording",
        Reads = "MessagePack recordings (RecordingReader)",
        Seeds = RecordingFuzzTests.Corpus,
        Run = bytes =>
        {
            Recording recording = RecordingReader.Read(bytes, FuzzRun.InputName);
            if (recording.Problem is { } problem && (!problem.StartsWith(FuzzRun.InputName, StringComparison.Ordinal) || problem.Contains('\n')))
            {
                throw new InvalidOperationException($"the recording's problem is not one line naming it: {problem}");
            }
            return recording.Problem is null ? "readings" : "problem: " + FuzzRun.Kind(recording.Problem);
        },
        Errors = [],
        AllocationCap = length => (256L * length) + (128 * Kilobyte),
    };

    private static FuzzTarget Npy() => new()
    {
        Name = "npy",
        Reads = ".npy float32 arrays (NpyFile.Read)",
        Seeds = NpySeeds,
        Run = bytes => $"array of rank {NpyFile.Read(new MemoryStream(bytes, writable: false), FuzzRun.InputName).Shape.Length}",
        Errors = [typeof(InvalidDataException)],
        // The data is at most the input's bytes; the header a string of its length.
        AllocationCap = length => (4L * length) + (64 * Kilobyte),
    };

    /// <summary>The inline form "a,v; a,v": the user's own argument, whose mistakes are usage errors.</summary>
    private static FuzzTarget ProfileInline() => new()
    {
        Name = "profile-inline",
        Reads = "--profile \"a,v; a,v\" text",
        Seeds = () => ProfileSeeds.Select(s => Encoding.UTF8.GetBytes(s.ReplaceLineEndings("; "))).ToList(),
        Run = bytes =>
        {
            string text = Encoding.UTF8.GetString(bytes);
            // A mutant that names a file would read it: only the inline form is fuzzed here.
            return text.Contains('/', StringComparison.Ordinal) || text.Contains(".csv", StringComparison.OrdinalIgnoreCase) || File.Exists(text)
                ? "names a file"
                : $"{EmotionProfile.Parse(text).Points.Count switch { < 10 => "few", _ => "many" }} points";
        },
        Errors = [typeof(ArgumentException)],
        AllocationCap = length => (64L * length) + (64 * Kilobyte),
    };

    /// <summary>A reader that takes a path: each input is written to one temporary file and read back.</summary>
    private static FuzzTarget FileTarget(string name, string reads, string extension, Func<IReadOnlyList<byte[]>> seeds, Func<string, string> read, params Type[] moreErrors)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"musicemotion-fuzz-{Environment.ProcessId}-{name}");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FuzzRun.InputName + extension);
        return new FuzzTarget
        {
            Name = name,
            Reads = reads,
            Seeds = seeds,
            Run = bytes =>
            {
                File.WriteAllBytes(path, bytes);
                return read(path);
            },
            Errors = [typeof(InvalidDataException), .. moreErrors],
            // File buffers, the JSON reader's and the objects it builds: tens of bytes per input byte.
            AllocationCap = length => (64L * length) + (256 * Kilobyte),
            Release = () => Directory.Delete(folder, recursive: true),
        };
    }

    private static IReadOnlyList<byte[]> WavSeeds()
    {
        short[] tone = [.. Enumerable.Range(0, 4410).Select(i => (short)(8000 * Math.Sin(i * 0.06)))];
        float[] floats = [.. tone.Select(s => s / 32768f)];
        List<byte[]> seeds =
        [
            TestWav.Pcm16(44_100, 1, tone),
            TestWav.Pcm16(48_000, 2, tone),
            TestWav.Float32(22_050, 2, floats),
            TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 1, 44_100, 24)), TestWav.Chunk("LIST", new byte[13]), TestWav.Chunk("data", TestWav.Int24Bytes([.. tone.Select(s => s * 256)]))),
            TestWav.Riff(TestWav.Chunk("fmt ", TestWav.ExtensibleFormat(1, 2, 44_100, 32, 24)), TestWav.Chunk("data", TestWav.Int32Bytes([.. tone.Select(s => s << 16)]))),
            TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(3, 1, 8_000, 64)), TestWav.Chunk("data", TestWav.Float64Bytes([.. floats.Select(f => (double)f)]))),
            TestWav.Rf64(tone.Length * 2, TestWav.Chunk("fmt ", TestWav.Format(1, 1, 44_100, 16)), TestWav.Chunk("data", TestWav.Int16Bytes(tone))),
        ];
        // The start of each reference clip (its real header and chunks), read in place.
        if (ReferencePaths.ReferenceDirectory is { } reference)
        {
            foreach (string clip in Directory.GetFiles(Path.Combine(reference, "music"), "*.wav").Order(StringComparer.Ordinal))
            {
                using FileStream stream = File.OpenRead(clip);
                byte[] start = new byte[Math.Min(stream.Length, 16 * Kilobyte)];
                stream.ReadExactly(start);
                seeds.Add(start);
            }
        }
        return seeds;
    }

    private static IReadOnlyList<byte[]> NpySeeds()
    {
        List<byte[]> seeds = [Npy([1f, 2f, 3f], 3), Npy(new float[8], 2, 4), Npy(new float[2 * 3 * 4], 2, 3, 4)];
        if (ReferencePaths.ReferenceDirectory is { } reference)
        {
            seeds.AddRange(Directory.GetFiles(reference, "*.npy").Where(f => new FileInfo(f).Length <= 4 * Kilobyte).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        }
        return seeds;

        static byte[] Npy(float[] data, params int[] shape)
        {
            using var stream = new MemoryStream();
            NpyFile.Write(stream, data, shape);
            return stream.ToArray();
        }
    }

    private static IReadOnlyList<byte[]> ModelCards() => [.. ShippedAndReference("*.json").Where(b => b.Length <= 64 * Kilobyte)];

    /// <summary>The files matching <paramref name="pattern"/> in models/ and the reference data (when present).</summary>
    private static IEnumerable<byte[]> ShippedAndReference(string pattern)
    {
        IEnumerable<string> files = Directory.GetFiles(Path.Combine(ReferencePaths.RepositoryRoot, "models"), pattern);
        if (ReferencePaths.ReferenceDirectory is { } reference)
        {
            files = files.Concat(Directory.GetFiles(reference, pattern).Where(f => !f.EndsWith("manifest.json", StringComparison.Ordinal)));
        }
        return files.Order(StringComparer.Ordinal).Select(File.ReadAllBytes);
    }

    private static readonly string[] ProfileSeeds =
    [
        "arousal,valence\n-0.5,0.2\n0.1,0.3\n0.8,-0.4\n",
        "# calm to tense\n-0.9,0.5\n\n0,0\n0.9,-0.9\n",
        "0.25,0.25\n-0.25,-0.25\n1,1\n-1,-1\n0.5e-1,1e-2\n",
    ];

    private static BenchReport SampleBenchReport()
    {
        StageStatistics Stage(string name, double median) => new(
            name, 40, median * 0.8, median * 0.9, median, median * 1.1, median * 1.5, median * 2, median * 3, median, median * 0.1,
            [new HistogramBucket(median, 20), new HistogramBucket(median * 2, 19), new HistogramBucket(median * 3, 1)]);
        return new BenchReport(
            new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero),
            new BenchMachine("Some CPU @ 3 GHz", 2, "AVX2", "Debian 12", ".NET 10.0"),
            new BenchSetup("synthetic", 40, "managed", "cpu", "", "musicemotion-emotion", "models/musicemotion-emotion.onnx", "linear", 1, 5, false, 0, null, "normal"),
            [Stage("features", 220), Stage("inference", 63), Stage("end-to-end", 300)],
            new BenchThroughput(40, 0.012, 3333, 1666),
            new BenchResources(0, 0, 0, 0, 0, 0.012, 1));
    }
}
