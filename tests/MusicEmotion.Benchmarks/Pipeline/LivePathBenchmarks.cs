using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Capture;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Benchmarks.Inference;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;

namespace MusicEmotion.Benchmarks.Pipeline;

/// <summary>
/// The live path's work on one thread, without the hand-offs between threads (live --stats measures those on the
/// real path): a 10 ms stereo capture block through the ring and the pump's conversion; the features, engine step
/// and forecast that follow a completed frame; and a whole 0.5 s frame from its 50 blocks to its reading. A
/// stateful 2 x 32 LSTM stands for the shipped model. Target: block + features + inference well under the 2 ms p99
/// budget from a frame's last sample in the ring to its reading; no allocation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyColumns))]
public class LivePathBenchmarks
{
    private const int Channels = 2;

    /// <summary>10 ms blocks in a 0.5 s frame.</summary>
    private const int BlocksPerFrame = 50;

    private CaptureRing _ring = null!;
    private FramePool<AudioFrame> _pool = null!;
    private CaptureFramer _framer = null!;
    private FeatureExtractor _extractor = null!;
    private FeatureFrame _features = null!;
    private EmotionTracker _tracker = null!;
    private ManagedEmotionEngine _engine = null!;
    private AudioFrame _frame = null!;
    private float[] _block = [];
    private float[] _read = [];

    [Params(44_100, 48_000)]
    public int DeviceRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var format = new AudioFormat(DeviceRate, Channels);
        _ring = CaptureRing.For(format, seconds: 2);
        _pool = new FramePool<AudioFrame>(() => new AudioFrame());
        _framer = new CaptureFramer(format, _pool, _ring.MaxBlockSamples);
        _extractor = new FeatureExtractor();
        _features = new FeatureFrame();
        _engine = ManagedEmotionEngine.Create(BenchmarkModels.Network(BenchmarkModels.Random32));
        _tracker = new EmotionTracker(_engine, new LinearTrendForecaster());
        var random = new Random(1);
        _block = new float[DeviceRate / 100 * Channels];
        for (int i = 0; i < _block.Length; i++)
        {
            _block[i] = 0.3f * MathF.Sin(i * 0.01f) + 0.1f * (random.NextSingle() - 0.5f);
        }
        _read = new float[_ring.MaxBlockSamples];
        _frame = new AudioFrame { Rms = 0.2f };
        for (int i = 0; i < _frame.Samples.Length; i++)
        {
            _frame.Samples[i] = 0.3f * MathF.Sin(i * 0.05f) + 0.1f * (random.NextSingle() - 0.5f);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Description = "10 ms block: ring in, ring out, downmix, resample, frame")]
    public long CaptureBlock()
    {
        _ring.TryWrite(_block, 1);
        long taken = 0;
        while (_ring.TryRead(_read, out int length, out long ticks))
        {
            _framer.Push(_read.AsSpan(0, length), ticks);
            while (_framer.TryTakeFrame(out AudioFrame? frame))
            {
                _pool.Return(frame);
                taken++;
            }
        }
        return taken;
    }

    [Benchmark(Description = "after a frame: features + engine step + forecast")]
    public float FeaturesAndInference()
    {
        _extractor.Extract(_frame, _features);
        return _tracker.Process(_features).Point.Arousal;
    }

    [Benchmark(Description = "a whole 0.5 s frame: 50 blocks to its reading")]
    public float FrameToReading()
    {
        float arousal = 0;
        for (int i = 0; i < BlocksPerFrame; i++)
        {
            _ring.TryWrite(_block, i);
            while (_ring.TryRead(_read, out int length, out long ticks))
            {
                _framer.Push(_read.AsSpan(0, length), ticks);
                while (_framer.TryTakeFrame(out AudioFrame? frame))
                {
                    _extractor.Extract(frame, _features);
                    _pool.Return(frame);
                    arousal += _tracker.Process(_features).Point.Arousal;
                }
            }
        }
        return arousal;
    }

    private sealed class LatencyColumns : ManualConfig
    {
        public LatencyColumns() => AddColumn(StatisticColumn.Median, new PercentileColumn(99));
    }
}
