using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Inference;
using MusicEmotion.Tests.Pipeline;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference;

/// <summary>The tracker around a real engine: guarded state, forecasts from the first frame, no allocation.</summary>
public sealed class EmotionTrackerTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void InvalidFeaturesMakeNoReadingAndLeaveTheStateAlone()
    {
        using var engine = _fixture.LoadEngine();
        var tracker = new EmotionTracker(engine, new LinearTrendForecaster());
        FeatureFrame[] frames = Frames(4);
        tracker.Process(frames[0]);
        LstmState before = engine.SnapshotState();

        frames[1].ModelInput[17] = float.NaN;
        frames[1].Flags |= FrameFlags.InvalidFeatures;
        EmotionReading reading = tracker.Process(frames[1]);

        Assert.False(reading.HasPoint);
        Assert.Equal("unknown", reading.Label);
        Assert.Equal(0, reading.ForecastCount);
        Assert.Equal(before.H, engine.SnapshotState().H);
        Assert.Equal(before.C, engine.SnapshotState().C);
        Assert.True(tracker.Process(frames[2]).HasPoint);
    }

    [Fact]
    public void APoisonedStateIsResetAndTheFrameSaysSo()
    {
        using var engine = _fixture.LoadEngine();
        var tracker = new EmotionTracker(engine, new LinearTrendForecaster());
        FeatureFrame[] frames = Frames(3);
        tracker.Process(frames[0]);
        LstmState poisoned = engine.SnapshotState();
        Array.Fill(poisoned.C, float.NaN);
        engine.RestoreState(poisoned);

        EmotionReading bad = tracker.Process(frames[1]);
        Assert.False(bad.HasPoint);
        Assert.True((bad.Flags & FrameFlags.StateReset) != 0);
        Assert.All(engine.SnapshotState().C, c => Assert.Equal(0f, c));
        Assert.True(tracker.Process(frames[2]).HasPoint);
    }

    [Fact]
    public void TheFirstFrameAlreadyHasAForecast()
    {
        using var engine = _fixture.LoadEngine();
        var tracker = new EmotionTracker(engine, new LinearTrendForecaster());
        EmotionReading first = tracker.Process(Frames(1)[0]);
        Assert.Equal(4, first.ForecastCount);
        Assert.All(first.ForecastSpan.ToArray(), p => Assert.Equal(first.Point, p));
    }

    [Fact]
    public void FeaturesAndTrackingAllocateNothingPerFrame()
    {
        using var engine = _fixture.LoadEngine();
        var tracker = new EmotionTracker(engine, new LinearTrendForecaster());
        var extractor = new FeatureExtractor();
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        AudioFrame[] audio = AudioFrames(pool, 6);
        var features = new FeatureFrame();
        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                extractor.Extract(audio[i % audio.Length], features);
                tracker.Process(features);
            }
        }
        Run(100);
        (long bytes, _) = Allocations.During(1, _ =>
        {
            Run(300);
            return 0;
        });
        Assert.Equal(0, bytes);
    }

    private FeatureFrame[] Frames(int count)
    {
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var extractor = new FeatureExtractor();
        return AudioFrames(pool, count).Select(audio =>
        {
            var features = new FeatureFrame();
            extractor.Extract(audio, features);
            return features;
        }).ToArray();
    }

    private AudioFrame[] AudioFrames(FramePool<AudioFrame> pool, int count)
    {
        float[] samples = MonoSamples(_fixture.Wav($"music-{count}.wav", count * 0.5));
        var framer = new Framer(pool);
        var frames = new List<AudioFrame>();
        ReadOnlySpan<float> span = samples;
        while (framer.TryFill(ref span, 0, out AudioFrame? frame))
        {
            frames.Add(frame);
        }
        return [.. frames];
    }

    private static float[] MonoSamples(string wav)
    {
        using var source = MusicEmotion.Audio.Decoding.AudioFile.Open(wav);
        var samples = new float[(int)source.LengthInFrames!.Value];
        int read = 0;
        while (read < samples.Length)
        {
            int n = source.Read(samples.AsSpan(read));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return samples;
    }
}
