using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Capture;

public sealed class CaptureRingTests
{
    [Fact]
    public void BlocksComeOutWholeWithTheTimeTheyArrived()
    {
        var ring = new CaptureRing(channels: 2, minimumFrames: 48_000);
        ring.TryWrite(Interleaved(480, start: 0), capturedTicks: 100);
        ring.TryWrite(Interleaved(256, start: 480), capturedTicks: 200);
        var block = new float[ring.MaxBlockSamples];

        Assert.True(ring.TryRead(block, out int length, out long ticks));
        Assert.Equal((960, 100L), (length, ticks));
        Assert.Equal(Interleaved(480, start: 0), block[..length]);
        Assert.True(ring.TryRead(block, out length, out ticks));
        Assert.Equal((512, 200L), (length, ticks));
        Assert.Equal(Interleaved(256, start: 480), block[..length]);
        Assert.False(ring.TryRead(block, out _, out _));
        Assert.False(ring.HasBlock);
    }

    [Fact]
    public void ABlockLongerThanTheLongestIsSplitAndEveryPartKeepsItsStamp()
    {
        var ring = new CaptureRing(channels: 1, minimumFrames: 48_000);
        float[] samples = Interleaved(CaptureRing.MaxBlockFrames * 2 + 10, start: 0, channels: 1);
        Assert.True(ring.TryWrite(samples, capturedTicks: 7));
        var block = new float[ring.MaxBlockSamples];
        var joined = new List<float>();
        while (ring.TryRead(block, out int length, out long ticks))
        {
            Assert.Equal(7, ticks);
            joined.AddRange(block[..length]);
        }
        Assert.Equal(samples, joined);
    }

    [Fact]
    public void AFullRingDropsTheWholeBlockAndCountsAnOverrunWithoutWaiting()
    {
        var ring = CaptureRing.For(new AudioFormat(48_000, 2), seconds: 0.05);
        var block = new float[480 * 2];
        int accepted = 0;
        for (int i = 0; i < 100; i++)
        {
            accepted += ring.TryWrite(block, i) ? 1 : 0;
        }

        int capacityBlocks = ring.CapacityFrames / 480;
        Assert.Equal(capacityBlocks, accepted);
        Assert.Equal(100 - capacityBlocks, ring.Overruns);
        Assert.Equal((100 - capacityBlocks) * 480L, ring.DroppedFrames);
        Assert.Equal(accepted * 480L, ring.WrittenFrames);
        // What was accepted is intact: the blocks stamped 0 .. capacityBlocks-1, in order.
        var read = new float[ring.MaxBlockSamples];
        for (int i = 0; i < capacityBlocks; i++)
        {
            Assert.True(ring.TryRead(read, out _, out long ticks));
            Assert.Equal(i, ticks);
        }
    }

    [Fact]
    public void WritingAndReadingBlocksAllocateNothing()
    {
        var ring = new CaptureRing(channels: 2, minimumFrames: 48_000);
        var block = new float[480 * 2];
        var read = new float[ring.MaxBlockSamples];
        long moved = 0;
        int calls = Allocations.AssertNonePerCall(i =>
        {
            ring.TryWrite(block, i);
            ring.TryRead(read, out int length, out _);
            moved += length;
        });
        Assert.Equal(960L * calls, moved);
    }

    private static float[] Interleaved(int frames, int start, int channels = 2) =>
        Enumerable.Range(0, frames * channels).Select(i => (float)(start * channels + i)).ToArray();
}
