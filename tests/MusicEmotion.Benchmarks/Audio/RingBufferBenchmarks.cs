using BenchmarkDotNet.Attributes;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;

namespace MusicEmotion.Benchmarks.Audio;

/// <summary>
/// The lock-free rings between the capture callback and the pump, on their own: one 10 ms block written and read
/// back through the sample ring (<see cref="SpscRing{T}"/>), and through the <see cref="CaptureRing"/> that adds a
/// time stamp per block. What the audio callback pays per call is the write half. No allocation.
/// </summary>
[MemoryDiagnoser]
public class RingBufferBenchmarks
{
    private SpscRing<float> _samples = null!;
    private CaptureRing _capture = null!;
    private float[] _block = [];
    private float[] _read = [];

    /// <summary>Interleaved samples per 10 ms block: mono 44.1 kHz, stereo 48 kHz.</summary>
    [Params(441, 960)]
    public int BlockSamples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int channels = BlockSamples == 441 ? 1 : 2;
        _samples = new SpscRing<float>(1 << 16);
        _capture = CaptureRing.For(new AudioFormat(channels == 1 ? 44_100 : 48_000, channels), seconds: 2);
        _block = new float[BlockSamples];
        for (int i = 0; i < _block.Length; i++)
        {
            _block[i] = MathF.Sin(i * 0.05f);
        }
        _read = new float[Math.Max(BlockSamples, _capture.MaxBlockSamples)];
    }

    [Benchmark(Description = "SpscRing<float>: write a block, read it back")]
    public int SampleRing()
    {
        _samples.TryWrite(_block);
        return _samples.Read(_read.AsSpan(0, _block.Length));
    }

    [Benchmark(Description = "CaptureRing: write a stamped block, read it back")]
    public long StampedRing()
    {
        _capture.TryWrite(_block, capturedTicks: 42);
        _capture.TryRead(_read, out int length, out long ticks);
        return length + ticks;
    }
}
