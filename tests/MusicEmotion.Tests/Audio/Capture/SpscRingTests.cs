using MusicEmotion.Audio.Capture;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Capture;

public sealed class SpscRingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public void CapacityMustBeAPositivePowerOfTwo(int capacity) =>
        Assert.ThrowsAny<ArgumentException>(() => new SpscRing<float>(capacity));

    [Fact]
    public void ItemsComeOutInOrderAcrossTheWrap()
    {
        var ring = new SpscRing<int>(8);
        var read = new int[8];
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 50; round++)
        {
            int count = round % 5 + 1;
            Assert.True(ring.TryWrite(Enumerable.Range(next, count).ToArray()));
            next += count;
            int got = ring.Read(read.AsSpan(0, round % 3 + 3));
            for (int i = 0; i < got; i++)
            {
                Assert.Equal(expected++, read[i]);
            }
            // Empty what is left so the next round always has room.
            got = ring.Read(read);
            for (int i = 0; i < got; i++)
            {
                Assert.Equal(expected++, read[i]);
            }
        }
        Assert.Equal(next, expected);
    }

    [Fact]
    public void AWriteThatDoesNotFitWritesNothing()
    {
        var ring = new SpscRing<float>(8);
        Assert.True(ring.TryWrite([1, 2, 3, 4, 5, 6]));
        Assert.False(ring.TryWrite([7, 8, 9]));
        Assert.Equal(6, ring.Count);
        Assert.True(ring.TryWrite([7, 8]));
        var read = new float[8];
        Assert.Equal(8, ring.Read(read));
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, read);
    }

    [Fact]
    public void OneProducerAndOneConsumerOnTwoThreadsLoseAndRepeatNothing()
    {
        const int total = 2_000_000;
        var ring = new SpscRing<long>(1024);
        long dropped = 0;
        var producer = new Thread(() =>
        {
            var block = new long[7];
            long next = 0;
            while (next < total)
            {
                int count = (int)Math.Min(block.Length, total - next);
                for (int i = 0; i < count; i++)
                {
                    block[i] = next + i;
                }
                if (ring.TryWrite(block.AsSpan(0, count)))
                {
                    next += count;
                }
                else
                {
                    dropped++;
                    Thread.Yield();
                }
            }
        });
        producer.Start();
        var buffer = new long[100];
        long expected = 0;
        while (expected < total)
        {
            int got = ring.Read(buffer);
            for (int i = 0; i < got; i++)
            {
                Assert.Equal(expected++, buffer[i]);
            }
        }
        producer.Join();
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void WritingAndReadingAllocateNothing()
    {
        var ring = new SpscRing<float>(4096);
        var block = new float[480];
        var read = new float[480];
        long moved = 0;
        int calls = Allocations.AssertNonePerCall(_ =>
        {
            ring.TryWrite(block);
            moved += ring.Read(read);
        });
        Assert.Equal(480L * calls, moved);
    }
}
