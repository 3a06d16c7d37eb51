using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Audio;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// Runs sessions the way the CLI does, with the reference stateful model (its outputs swing across [-1, 1], so a
/// wrong frame shows) on the managed engine and the linear-trend forecaster.
/// </summary>
internal sealed class LiveSessions(string referenceDirectory) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public string ModelPath => Path.Combine(referenceDirectory, "stateful_random.onnx");

    public string Music(string file) => Path.Combine(referenceDirectory, "music", file);

    /// <summary>A fresh tracker from a zero state, over <paramref name="engine"/> or a new managed engine.</summary>
    public EmotionTracker Tracker(IEmotionEngine? engine = null)
    {
        engine ??= Own(ManagedEmotionEngine.Load(ModelPath));
        var tracker = new EmotionTracker(engine, Own(new LinearTrendForecaster()));
        tracker.Reset();
        return tracker;
    }

    /// <summary>Runs <paramref name="source"/> to its end (or until <paramref name="stop"/>) and returns what the sinks saw.</summary>
    public static async Task<SessionSummary> RunAsync(
        EmotionTracker tracker, IFrameSource source, PipelineOptions options, IReadingSink sink, CancellationToken stop = default)
    {
        var session = new SessionInfo(
            source.Name, source.Kind, source.Format.SampleRate, source.Format.Channels, tracker.Engine, tracker.Forecaster, "", DateTimeOffset.UtcNow);
        var pipeline = new EmotionPipeline(tracker, [sink], options);
        return await pipeline.RunAsync(source, session, stop);
    }

    /// <summary>The readings of the file path (decoder, waiting channels) for <paramref name="file"/>.</summary>
    public async Task<IReadOnlyList<EmotionReading>> FilePathReadingsAsync(string file)
    {
        var sink = new CollectingSink();
        using var source = new FileFrameSource(file);
        SessionSummary summary = await RunAsync(Tracker(), source, PipelineOptions.File, sink);
        Assert.Null(summary.Error);
        return sink.Readings;
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}

/// <summary>Short excerpts of the reference music, so a real-time test takes seconds, not the whole track.</summary>
internal static class AudioExcerpt
{
    /// <summary>The first <paramref name="seconds"/> of <paramref name="file"/>, as a float WAV at its own rate and channels.</summary>
    public static string Write(TempFolder folder, string file, double seconds)
    {
        using IAudioSource source = AudioFile.Open(file);
        float[] all = TestWav.ReadAll(source);
        int length = (int)(seconds * source.Format.SampleRate) * source.Format.Channels;
        return folder.Write($"{Path.GetFileNameWithoutExtension(file)}-{seconds}s.wav",
            TestWav.Float32(source.Format.SampleRate, source.Format.Channels, all[..length]));
    }
}

/// <summary>Compares the readings of two runs frame by frame.</summary>
internal static class ReadingComparison
{
    /// <summary>The largest |Δarousal| or |Δvalence| over the first <paramref name="count"/> readings, sequences checked.</summary>
    public static double MaxDifference(IReadOnlyList<EmotionReading> actual, IReadOnlyList<EmotionReading> expected, int count)
    {
        double worst = 0;
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(expected[i].Sequence, actual[i].Sequence);
            Assert.Equal(expected[i].HasPoint, actual[i].HasPoint);
            if (expected[i].HasPoint)
            {
                worst = Math.Max(worst, Math.Abs(expected[i].Point.Arousal - actual[i].Point.Arousal));
                worst = Math.Max(worst, Math.Abs(expected[i].Point.Valence - actual[i].Point.Valence));
            }
        }
        return worst;
    }
}
