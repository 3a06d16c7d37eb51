using MusicEmotion.Features;
using MusicEmotion.Tests.Features;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>features writes exactly what the training tools read: the reference layout, our own extractor.</summary>
public sealed class FeaturesCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void WritesTheReferenceLogMelLayoutAndFrameTimes()
    {
        string dir = Requires.ReferenceData();
        var result = CliProcess.Run("features", Path.Combine(dir, "music", "underground.wav"), Path.Combine(dir, "music", "sad_48k.wav"), "--out", _folder.Path);
        Assert.True(result.ExitCode == 0, result.ToString());

        var logMel = NpyFile.Read(_folder.File("underground.logmel.npy"));
        var reference = NpyFile.Read(Path.Combine(dir, "underground.logmel.npy"));
        Assert.Equal(reference.Shape, logMel.Shape);
        Assert.True(LogMelParityTests.MaxAbsDifference(logMel.Data, reference.Data) <= 1e-5);

        var times = NpyFile.Read(_folder.File("underground.times.npy"));
        Assert.Equal([24], times.Shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => i * 0.5f), times.Data);

        // The 48 kHz file is resampled on the way: 12 s still make 24 frames.
        Assert.Equal([24, 128, 44], NpyFile.Read(_folder.File("sad_48k.logmel.npy")).Shape);
    }

    [Fact]
    public void ABadFileIsReportedAndTheOthersStillWritten()
    {
        string bad = _folder.Write("bad.wav", "garbage"u8.ToArray());
        string good = _folder.Write("tone.wav", ToneWav(1.25));
        var result = CliProcess.Run("features", bad, good, "--out", _folder.File("out"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("bad.wav", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([2, 128, 44], NpyFile.Read(_folder.File("out/tone.logmel.npy")).Shape);
        Assert.Contains("shorter than a frame", result.Stderr, StringComparison.Ordinal);
    }

    private static byte[] ToneWav(double seconds)
    {
        int n = (int)(seconds * 44_100);
        var pcm = new byte[n * 2];
        for (int i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(pcm.AsSpan(2 * i), (short)(8000 * Math.Sin(i * 0.05)));
        }
        return Audio.TestWav.Riff(Audio.TestWav.Chunk("fmt ", Audio.TestWav.Format(1, 1, 44_100, 16)), Audio.TestWav.Chunk("data", pcm));
    }
}
