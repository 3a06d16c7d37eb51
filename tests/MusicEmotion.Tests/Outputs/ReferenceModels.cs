using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Models;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// The real pipeline on the reference data: the random-weight stateful model (its readings swing across the
/// circle, so outputs are checked on values that move) with the linear-trend forecaster, on the managed engine,
/// which needs no native library.
/// </summary>
internal sealed class ReferenceModels : IDisposable
{
    private ReferenceModels(string directory)
    {
        ModelPath = Path.Combine(directory, "stateful_random.onnx");
        Engine = ManagedEmotionEngine.Load(ModelPath);
        Forecaster = new LinearTrendForecaster();
        ModelSha256 = ModelCatalog.Sha256(ModelPath);
        Models = new LoadedModels(ModelCatalog.Describe(ModelPath), Engine, Forecaster, ModelSha256);
        MusicDirectory = Path.Combine(directory, "music");
    }

    public string ModelPath { get; }

    public IEmotionEngine Engine { get; }

    public IForecaster Forecaster { get; }

    public string ModelSha256 { get; }

    /// <summary>The engine and forecaster as a session takes them (disposed with this).</summary>
    public LoadedModels Models { get; }

    public string MusicDirectory { get; }

    /// <summary>Loads the models, or skips (fails in CI) without the shared reference data.</summary>
    public static ReferenceModels Load() => new(Requires.ReferenceData());

    public string Track(string name) => Path.Combine(MusicDirectory, name + ".wav");

    /// <summary>The first <paramref name="seconds"/> of a reference track as a float WAV file in <paramref name="folder"/>.</summary>
    public string Excerpt(string name, double seconds, TempFolder folder)
    {
        using IAudioSource track = AudioFile.Open(Track(name));
        float[] samples = TestWav.ReadAll(track)[..(int)(seconds * track.Format.SampleRate * track.Format.Channels)];
        return folder.Write($"{name}-{seconds}s.wav", TestWav.Float32(track.Format.SampleRate, track.Format.Channels, samples));
    }

    /// <summary>Runs <paramref name="audioFile"/> through the pipeline, as analyze does, into <paramref name="sinks"/>.</summary>
    public SessionSummary Analyze(string audioFile, params IReadingSink[] sinks)
    {
        using var source = new FileFrameSource(audioFile);
        SessionSummary summary = new EmotionSession(source, Models, sinks, PipelineOptions.File)
            .RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.Null(summary.Error);
        return summary;
    }

    public void Dispose() => Models.Dispose();
}
