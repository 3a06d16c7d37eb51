using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio;

public sealed class FramerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(480)]
    [InlineData(22_050)]
    [InlineData(30_000)]
    public void ChunkSizeDoesNotChangeTheFrames(int chunk)
    {
        float[] stream = Ramp(3 * 22_050 + 1234);
        var frames = Cut(stream, _ => chunk, out Framer framer);
        Assert.Equal(3, frames.Count);
        for (int k = 0; k < frames.Count; k++)
        {
            Assert.Equal(k, frames[k].Sequence);
            Assert.Equal(k * 22_050L, frames[k].StartSample);
            Assert.Equal(k * 0.5, frames[k].StartTime, 12);
            Assert.Equal(stream.AsSpan(k * 22_050, 22_050).ToArray(), frames[k].Samples);
        }
        Assert.Equal(1234, framer.PendingSamples);
        Assert.Equal(stream.Length, framer.SamplesConsumed);
    }

    [Fact]
    public void RandomChunkingGivesTheSameFramesAsOneChunk()
    {
        float[] stream = Ramp(5 * 22_050);
        var random = new Random(3);
        var pieces = Cut(stream, _ => random.Next(0, 9000), out _);
        var whole = Cut(stream, _ => stream.Length, out _);
        Assert.Equal(whole.Select(f => f.Samples), pieces.Select(f => f.Samples));
    }

    [Fact]
    public void LevelAndCaptureTimeAreStamped()
    {
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new Framer(pool);
        var samples = Enumerable.Repeat(0.5f, 22_050).ToArray();
        samples[10] = -0.9f;
        ReadOnlySpan<float> span = samples;
        Assert.True(framer.TryFill(ref span, capturedTicks: 42, out AudioFrame? frame));
        Assert.Equal(0.9f, frame.Peak, 6);
        Assert.InRange(frame.Rms, 0.49f, 0.51f);
        Assert.Equal(42, frame.Timeline.Captured);
        Assert.True(frame.Timeline.Framed > 0);
    }

    [Fact]
    public void SteadyStateReusesPooledFramesWithoutAllocating()
    {
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new Framer(pool);
        var chunk = new float[441];
        void Run(int chunks)
        {
            for (int i = 0; i < chunks; i++)
            {
                ReadOnlySpan<float> span = chunk;
                while (framer.TryFill(ref span, 0, out AudioFrame? frame))
                {
                    pool.Return(frame);
                }
            }
        }
        Run(200);
        (long allocated, _) = Allocations.During(1, _ =>
        {
            Run(2000);
            return 0;
        });
        Assert.Equal(0, allocated);
        Assert.Equal(1, pool.Created);
    }

    private static List<AudioFrame> Cut(float[] stream, Func<int, int> chunkSize, out Framer framer)
    {
        framer = new Framer(new FramePool<AudioFrame>(() => new AudioFrame()));
        var frames = new List<AudioFrame>();
        int position = 0;
        for (int call = 0; position < stream.Length; call++)
        {
            int size = Math.Min(chunkSize(call), stream.Length - position);
            ReadOnlySpan<float> span = stream.AsSpan(position, size);
            position += size;
            while (framer.TryFill(ref span, 0, out AudioFrame? frame))
            {
                frames.Add(frame);
            }
        }
        return frames;
    }

    private static float[] Ramp(int length) => Enumerable.Range(0, length).Select(i => i % 1000 / 1000f).ToArray();
}
