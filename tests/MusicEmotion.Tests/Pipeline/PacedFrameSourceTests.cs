using System.Diagnostics;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>A file released at the pace of live audio: no frame before its last sample's time, stage stamps kept apart.</summary>
public sealed class PacedFrameSourceTests
{
    [Fact]
    public async Task NoFrameComesOutBeforeItsLastSampleWouldHaveBeenCaptured()
    {
        using var folder = new TempFolder();
        float[] tone = Signals.Sine(440, FrameLayout.SampleRate, 4 * FrameLayout.FrameLength);
        string file = folder.Write("tone.wav", TestWav.Float32(FrameLayout.SampleRate, 1, tone));
        using var source = new PacedFrameSource(new FileFrameSource(file));
        var frames = Channel.CreateUnbounded<AudioFrame>();
        long start = Stopwatch.GetTimestamp();

        await source.RunAsync(frames.Writer, new FramePool<AudioFrame>(() => new AudioFrame()), CancellationToken.None);
        frames.Writer.Complete();

        var released = new List<AudioFrame>();
        await foreach (AudioFrame frame in frames.Reader.ReadAllAsync())
        {
            released.Add(frame);
        }
        Assert.Equal([0L, 1, 2, 3], released.Select(f => f.Sequence));
        foreach (AudioFrame frame in released)
        {
            // A frame counts as captured when it is released: its stamps show the release, still in order. A timer
            // may fire a millisecond or so early, never tens.
            TimeSpan due = TimeSpan.FromSeconds(frame.StartTime + FrameLayout.FrameSeconds) - TimeSpan.FromMilliseconds(20);
            Assert.True(Stopwatch.GetElapsedTime(start, frame.Timeline.Framed) >= due, $"frame {frame.Sequence} released early");
            Assert.InRange(frame.Timeline.Captured, 1, frame.Timeline.Framed);
        }
    }
}
