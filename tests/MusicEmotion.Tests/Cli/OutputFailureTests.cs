using System.Diagnostics;
using MusicEmotion.Cli;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// An output that fails on a real full disk (a tmpfs with room for about 20 readings): the command says which output
/// failed, in one line, delivers every reading to its other outputs, and exits 1.
/// </summary>
public sealed class OutputFailureTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void AnalyzeWithARecordingOnAFullDiskExitsOneAfterPrintingEveryReading()
    {
        using ReferenceModels models = ReferenceModels.Load();
        using FullDisk disk = FullDisk.Mount();
        string recording = disk.File("set.msgpack");

        CliResult result = CliProcess.Run(["analyze", models.Track("sad"), "--format", "jsonl", "--record", recording, .. CliProcess.Models(models)]);

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Equal(24, result.StdoutLines.Length);
        string failure = Assert.Single(result.StderrLines, line => line.Contains("failed", StringComparison.Ordinal));
        Assert.StartsWith($"musicemotion: output 'record {recording}' failed: ", failure, StringComparison.Ordinal);
        Assert.Contains("space", failure, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void ServeWithARecordingOnAFullDiskKeepsServingAndExitsOneWhenStopped()
    {
        using ReferenceModels models = ReferenceModels.Load();
        using FullDisk disk = FullDisk.Mount();
        string recording = disk.File("set.msgpack");
        string audio = models.Excerpt("love_theme", 3, _folder);

        // Looped, the stream goes on after its recording has filled the disk; serve stops only when told.
        using Process serve = CliProcess.Start(["serve", "--port", "0", "--input", audio, "--loop", "--record", recording, .. CliProcess.Models(models)]);
        try
        {
            var errors = new List<string>();
            using var patience = new CancellationTokenSource(Patience);
            while (serve.StandardError.ReadLineAsync(patience.Token).AsTask().GetAwaiter().GetResult() is { } line)
            {
                errors.Add(line);
                if (line.Contains(" failed: ", StringComparison.Ordinal))
                {
                    break;
                }
            }
            ExternalProgram.Run("kill", "-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(serve.WaitForExit(Patience), "serve did not stop on SIGTERM");

            Assert.True(serve.ExitCode == ExitCodes.Failure, $"exit {serve.ExitCode}: {string.Join('\n', errors)}");
            Assert.Single(errors, line => line.StartsWith($"musicemotion: output 'record {recording}' failed: ", StringComparison.Ordinal));
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill();
            }
        }
    }
}
