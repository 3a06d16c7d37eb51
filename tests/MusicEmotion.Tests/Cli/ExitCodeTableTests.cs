using MusicEmotion.Outputs.Recording;
using MusicEmotion.Tests.Inference.OnnxRuntime;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// Every error path of the command, in one table: what the user did, the exit code it earns by cause (2 usage, 3 input,
/// 1 environment or a failed output) and the one line that says so. Each row runs the real command.
/// </summary>
public sealed class ExitCodeTableTests(ExitCodeTableTests.Files files) : IClassFixture<ExitCodeTableTests.Files>
{
    /// <summary>The files the rows point at, made once: a recording, existing outputs, a file that is not audio.</summary>
    public sealed class Files : IDisposable
    {
        private readonly TempFolder _folder = new();

        public Files()
        {
            Reference = Requires.ReferenceData();
            Recording = _folder.File("set.msgpack");
            using (var models = ReferenceModels.Load())
            using (var sink = RecordingSink.Create(Recording))
            {
                models.Analyze(models.Track("sad"), sink);
            }
            Existing = _folder.Write("existing.csv", "kept\n"u8.ToArray());
            ExistingPng = _folder.Write("existing.png", [1, 2, 3]);
            NotAudio = _folder.Write("notes.wav", "not audio"u8.ToArray());
            FeatureFolder = _folder.File("features");
            Directory.CreateDirectory(FeatureFolder);
            File.WriteAllBytes(Path.Combine(FeatureFolder, "sad.logmel.npy"), [1]);
        }

        public string Reference { get; }

        public string Recording { get; }

        public string Existing { get; }

        public string ExistingPng { get; }

        public string NotAudio { get; }

        public string FeatureFolder { get; }

        public string Folder => _folder.Path;

        public string Sad => Path.Combine(Reference, "music", "sad.wav");

        public string[] Models => ["--model", Path.Combine(Reference, "stateful_random.onnx"), "--forecaster", "linear", "--engine", "managed"];

        public void Dispose() => _folder.Dispose();
    }

    /// <summary>Row name -> the command line built from the files.</summary>
    private static readonly Dictionary<string, Func<Files, string[]>> Commands = new()
    {
        ["unknown option"] = f => ["analyze", f.Sad, "--no-such-option"],
        ["value not among the allowed"] = f => ["analyze", f.Sad, "--engine", "fast"],
        ["nonsense count"] = f => ["analyze", f.Sad, "--threads", "0"],
        ["export over an existing file"] = f => ["export", f.Recording, "-f", "csv", "-o", f.Existing],
        ["export over its own input, even with --force"] = f => ["export", f.Recording, "-f", "csv", "-o", f.Recording, "--force"],
        ["features into a file instead of a folder"] = f => ["features", f.Sad, "-o", f.Existing],
        ["features over existing .npy"] = f => ["features", f.Sad, "-o", f.FeatureFolder],
        ["render over an existing PNG"] = f => ["render", "-i", f.Sad, "-o", f.ExistingPng, .. f.Models],
        ["record over an existing file"] = f => ["analyze", f.Sad, "--record", f.Existing, .. f.Models],
        ["missing audio"] = f => ["analyze", Path.Combine(f.Folder, "absent.wav"), .. f.Models],
        ["audio that is not audio"] = f => ["analyze", f.NotAudio, .. f.Models],
        ["unknown model"] = f => ["analyze", f.Sad, "--model", "no-such-model"],
        ["model that is not ONNX"] = f => ["analyze", f.Sad, "--model", f.NotAudio, "--engine", "managed"],
        ["export of a file that is no recording"] = f => ["export", f.NotAudio, "-f", "csv"],
        [OrtMissing] = f => ["analyze", f.Sad, "--model", Path.Combine(f.Reference, "stateful_random.onnx"), "--engine", "onnxruntime"],
        ["CUDA provider not installed"] = f => ["analyze", f.Sad, "--model", Path.Combine(f.Reference, "stateful_random.onnx"), "--forecaster", "linear", "--engine", "onnxruntime", "--provider", "cuda"],
        [DirectMLOutsideWindows] = f => ["analyze", f.Sad, "--model", Path.Combine(f.Reference, "stateful_random.onnx"), "--forecaster", "linear", "--engine", "onnxruntime", "--provider", "dml"],
        [ProcessLoopbackOutsideWindows] = _ => ["live", "--process", "spotify", "--duration", "1"],
    };

    private const string DirectMLOutsideWindows = "DirectML outside Windows";

    private const string ProcessLoopbackOutsideWindows = "process loopback outside Windows";

    private const string OrtMissing = "ONNX Runtime library missing";

    public static TheoryData<string, int, string> Rows => new()
    {
        { "unknown option", 2, "--no-such-option" },
        { "value not among the allowed", 2, "--engine" },
        { "nonsense count", 2, "--threads must be at least 1" },
        { "export over an existing file", 2, "existing.csv: the file exists; pass --force" },
        { "export over its own input, even with --force", 2, "that is an input of this command" },
        { "features into a file instead of a folder", 2, "existing.csv: is a file; expected a folder" },
        { "features over existing .npy", 2, "sad.logmel.npy: the file exists; pass --force" },
        { "render over an existing PNG", 2, "existing.png: the file exists; pass --force" },
        { "record over an existing file", 2, "existing.csv" },
        { "missing audio", 3, "absent.wav" },
        { "audio that is not audio", 3, "notes.wav" },
        { "unknown model", 3, "no-such-model" },
        { "model that is not ONNX", 3, "notes.wav" },
        { "export of a file that is no recording", 3, "notes.wav" },
        { OrtMissing, 1, "onnxruntime" },
        { "CUDA provider not installed", 1, "provider 'cuda' is not available" },
        { DirectMLOutsideWindows, 1, "provider 'dml' is not available: DirectML runs only on Windows" },
        { ProcessLoopbackOutsideWindows, 2, "--process is Windows-only: it captures one program's audio through WASAPI process loopback" },
    };

    [SkippableTheory]
    [MemberData(nameof(Rows))]
    public void EachErrorPathExitsByItsCauseWithOneLine(string row, int exitCode, string named)
    {
        if (row == "CUDA provider not installed")
        {
            OrtModels.RequireRuntime();
            Requires.Platform(!CudaPresent, "a CUDA device: the provider starts here");
        }
        if (row == DirectMLOutsideWindows)
        {
            Requires.Platform(!OperatingSystem.IsWindows(), "Windows: DirectML may start there");
        }
        if (row == ProcessLoopbackOutsideWindows)
        {
            Requires.Platform(!OperatingSystem.IsWindows(), "Windows: process loopback starts there");
        }
        // One row hides ONNX Runtime: its cache is an empty folder and the explicit library file does not exist.
        Dictionary<string, string>? environment = row != OrtMissing ? null : new()
        {
            ["MUSICEMOTION_CACHE"] = Path.Combine(files.Folder, "empty-cache"),
            ["MUSICEMOTION_ONNXRUNTIME"] = Path.Combine(files.Folder, "absent", "libonnxruntime.so.1"),
        };
        CliResult result = CliProcess.Run(environment, Commands[row](files));

        Assert.True(result.ExitCode == exitCode, $"{row}: expected exit {exitCode}; {result}");
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("musicemotion: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal("kept\n", File.ReadAllText(files.Existing));
    }

    private static bool CudaPresent => File.Exists("/dev/nvidiactl");

    [Fact]
    public void TheTableCoversEveryRow() =>
        Assert.Equal(Commands.Keys.Order(), Rows.Select(row => (string)row[0]).Order());
}
