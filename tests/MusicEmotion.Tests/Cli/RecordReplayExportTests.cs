using MusicEmotion.Cli;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Outputs;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// analyze --record, replay and export as a user runs them: a recording replays and exports to exactly the JSON
/// lines and CSV that analyze printed; a crash-cut recording replays up to its last complete reading; bad files
/// and existing outputs get one line and the right exit code.
/// </summary>
public sealed class RecordReplayExportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void ARecordingReplaysAndExportsToWhatAnalyzePrinted()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("traveling_minstrels", 6, _folder);
        string recording = _folder.File("set.msgpack");

        CliResult analyzed = CliProcess.Run(["analyze", audio, "-f", "jsonl", "--record", recording, .. CliProcess.Models(models)]);
        CliResult analyzedCsv = CliProcess.Run(["analyze", audio, "-f", "csv", .. CliProcess.Models(models)]);

        Assert.Equal(ExitCodes.Ok, analyzed.ExitCode);
        Assert.Equal(12, analyzed.StdoutLines.Length);
        Assert.Contains($"musicemotion: record {recording}: 12 readings recorded", analyzed.StderrLines);
        Assert.Equal(analyzed.Stdout, Succeeds(CliProcess.Run("export", recording, "--format", "jsonl")).Stdout);
        Assert.Equal(analyzedCsv.Stdout, Succeeds(CliProcess.Run("export", recording, "--format", "csv")).Stdout);
        Assert.Equal(analyzed.Stdout, Succeeds(CliProcess.Run("replay", recording, "--fast", "--format", "jsonl")).Stdout);

        string exported = _folder.File("set.csv");
        Succeeds(CliProcess.Run("export", recording, "--format", "csv", "--out", exported));
        Assert.Equal(analyzedCsv.Stdout, File.ReadAllText(exported));
    }

    [SkippableFact]
    public void ARecordingCutShortReplaysUpToItsLastCompleteReading()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("underground", 4, _folder);
        string recording = _folder.File("crashed.msgpack");
        CliResult analyzed = CliProcess.Run(["analyze", audio, "-f", "jsonl", "--record", recording, .. CliProcess.Models(models)]);
        byte[] bytes = File.ReadAllBytes(recording);
        string cut = _folder.Write("cut.msgpack", bytes[..^20]);

        CliResult replayed = CliProcess.Run("replay", cut, "--fast", "--format", "jsonl");

        Assert.Equal(ExitCodes.Ok, replayed.ExitCode);
        Assert.Equal(analyzed.StdoutLines[..^1], replayed.StdoutLines);
        string note = Assert.Single(replayed.StderrLines);
        Assert.StartsWith($"musicemotion: {cut}: ends at byte {bytes.Length - 20} inside the value that starts at byte", note, StringComparison.Ordinal);
        Assert.EndsWith("the 7 readings before it are complete", note, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotARecordingIsBadInputInOneLine()
    {
        string notRecording = _folder.Write("song.wav", TestWav.Pcm16(44_100, 1, new short[100]));

        CliResult replayed = CliProcess.Run("replay", notRecording);
        CliResult exported = CliProcess.Run("export", notRecording, "-f", "csv", "--out", _folder.File("never.csv"));
        CliResult missing = CliProcess.Run("replay", _folder.File("missing.msgpack"));

        Assert.Equal(ExitCodes.BadInput, replayed.ExitCode);
        Assert.Equal(
            [$"musicemotion: {notRecording} at byte 0: not a MusicEmotion recording: it does not start with a header map (format 'musicemotion-recording')"],
            replayed.StderrLines);
        Assert.Equal(ExitCodes.BadInput, exported.ExitCode);
        Assert.False(File.Exists(_folder.File("never.csv")));
        Assert.Equal((ExitCodes.BadInput, $"musicemotion: {_folder.File("missing.msgpack")}: no such recording"), (missing.ExitCode, missing.Stderr.Trim()));
    }

    [SkippableFact]
    public void RecordingNeverOverwritesAndBadOutputOptionsAreUsageErrors()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string existing = _folder.Write("taken.msgpack", [0x42]);
        string audio = models.Excerpt("sad", 1, _folder);

        CliResult overwrite = CliProcess.Run(["analyze", audio, "--record", existing, .. CliProcess.Models(models)]);
        CliResult badOsc = CliProcess.Run(["analyze", audio, "--osc", "localhost", .. CliProcess.Models(models)]);
        CliResult badPrefix = CliProcess.Run(["analyze", audio, "--osc", "127.0.0.1:9000", "--osc-prefix", "no slash", .. CliProcess.Models(models)]);
        CliResult unknownHost = CliProcess.Run(["analyze", audio, "--osc", "no-such-host.invalid:9000", .. CliProcess.Models(models)]);

        Assert.Equal((ExitCodes.Usage, $"musicemotion: {existing}: already exists; recordings are never overwritten, choose another name"),
            (overwrite.ExitCode, overwrite.Stderr.Trim()));
        Assert.Equal([0x42], File.ReadAllBytes(existing));
        Assert.Equal(ExitCodes.Usage, badOsc.ExitCode);
        Assert.StartsWith("musicemotion: OSC destination 'localhost': must be HOST:PORT, for example 127.0.0.1:9000", Assert.Single(badOsc.StderrLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badPrefix.ExitCode);
        Assert.Contains("OSC prefix 'no slash' must start with '/'", badPrefix.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, unknownHost.ExitCode);
        Assert.StartsWith("musicemotion: OSC destination 'no-such-host.invalid:9000': the host 'no-such-host.invalid' could not be resolved", unknownHost.Stderr, StringComparison.Ordinal);
    }

    private static CliResult Succeeds(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}: {result.Stderr}");
        return result;
    }
}
