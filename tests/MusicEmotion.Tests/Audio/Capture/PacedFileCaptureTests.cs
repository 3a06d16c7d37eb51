using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Capture;

public sealed class PacedFileCaptureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void EveryBlockArrivesNoEarlierThanItsAudioWouldHaveAndTheWholeFileArrives()
    {
        const int rate = 16_000;
        float[] stereo = Signals.Noise(rate * 2 * 3 / 4, seed: 5, amplitude: 0.3);
        string file = _folder.Write("noise.wav", TestWav.Float32(rate, 2, stereo));
        using var capture = new PacedFileCapture(file, blockMilliseconds: 10);
        Assert.Equal(new AudioFormat(rate, 2), capture.Format);
        Assert.Equal(TimeSpan.FromMilliseconds(10), capture.BlockDuration);

        long before = Stopwatch.GetTimestamp();
        capture.Start();
        var received = new List<float>();
        var block = new float[capture.MaxBlockSamples];
        CaptureState state;
        do
        {
            state = capture.Poll();
            while (capture.TryRead(block, out int length, out long ticks))
            {
                received.AddRange(block[..length]);
                double due = (double)received.Count / 2 / rate;
                Assert.True(
                    Stopwatch.GetElapsedTime(before, ticks).TotalSeconds >= due,
                    $"the block ending at {due:0.000} s arrived {Stopwatch.GetElapsedTime(before, ticks).TotalSeconds:0.000} s after the start");
            }
            Thread.Sleep(5);
        }
        while (state == CaptureState.Running);

        Assert.Equal(CaptureState.Ended, state);
        Assert.Equal(stereo, received);
        Assert.Equal(stereo.Length / 2 / 160, capture.Statistics.Blocks);
        Assert.Equal(0, capture.Statistics.Overruns);
    }

    [Fact]
    public void StoppingEndsThePlaybackAndKeepsWhatWasPlayedReadable()
    {
        string file = _folder.Write("long.wav", TestWav.Float32(8_000, 1, new float[8_000 * 20]));
        using var capture = new PacedFileCapture(file);
        capture.Start();
        Thread.Sleep(200);
        capture.Stop();
        var block = new float[capture.MaxBlockSamples];
        int blocks = 0;
        while (capture.TryRead(block, out _, out _))
        {
            blocks++;
        }
        Assert.InRange(blocks, 1, 1_000);
        Assert.Equal(CaptureState.Running, capture.Poll());
    }

    [Fact]
    public void LoopingStartsTheFileOverWithoutAGapUntilStopped()
    {
        const int rate = 8_000;
        float[] mono = Signals.Noise(rate / 4, seed: 9, amplitude: 0.3);
        string file = _folder.Write("short.wav", TestWav.Float32(rate, 1, mono));
        using var capture = new PacedFileCapture(file, blockMilliseconds: 10, loop: true);
        capture.Start();
        var received = new List<float>();
        var block = new float[capture.MaxBlockSamples];
        var clock = Stopwatch.StartNew();
        // Three passes and a half of a quarter-second file, however slowly the machine plays them.
        while (received.Count < mono.Length * 7 / 2 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.Equal(CaptureState.Running, capture.Poll());
            while (capture.TryRead(block, out int length, out _))
            {
                received.AddRange(block[..length]);
            }
            Thread.Sleep(5);
        }
        capture.Stop();

        Assert.True(received.Count >= mono.Length * 7 / 2, $"{received.Count} samples in 60 s");
        Assert.InRange(capture.Loops, 3, 100);
        for (int i = 0; i < received.Count; i++)
        {
            Assert.True(received[i] == mono[i % mono.Length], $"sample {i} is {received[i]}, the file's sample {i % mono.Length} is {mono[i % mono.Length]}");
        }
        Assert.Equal(0, capture.Statistics.Overruns);
    }

    [Fact]
    public void LoopingAFileWithoutSamplesEndsInsteadOfSpinning()
    {
        string file = _folder.Write("empty.wav", TestWav.Float32(8_000, 1, []));
        using var capture = new PacedFileCapture(file, loop: true);
        capture.Start();
        var clock = Stopwatch.StartNew();
        while (capture.Poll() == CaptureState.Running && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(5);
        }
        Assert.Equal(CaptureState.Ended, capture.Poll());
        Assert.Equal(0, capture.Loops);
    }

    [Fact]
    public void AFileThatCannotBeReadIsRefusedWithItsName()
    {
        string file = _folder.Write("broken.wav", "RIFF....WAVEjunk"u8.ToArray());
        var error = Assert.Throws<AudioInputException>(() => new PacedFileCapture(file));
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
    }
}
