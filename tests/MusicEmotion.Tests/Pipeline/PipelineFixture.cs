using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Pipeline;
using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// What pipeline tests share: a small random stateful model (written by the project's ONNX writer, run by the
/// real managed engine), WAV files of music-like test signals, and a sink that remembers what it was given.
/// </summary>
internal sealed class PipelineFixture : IDisposable
{
    public PipelineFixture()
    {
        ModelPath = Folder.File("model.onnx");
        RandomLstmModel.Write(ModelPath, layers: 2, hidden: 16, seed: 9);
    }

    public TempFolder Folder { get; } = new();

    public string ModelPath { get; }

    public ManagedEmotionEngine LoadEngine() => ManagedEmotionEngine.Load(ModelPath);

    /// <summary>A mono 16-bit WAV of <paramref name="seconds"/> of a chord with a moving level; optional silence in the middle.</summary>
    public string Wav(string name, double seconds, int sampleRate = 44_100, double silenceFrom = -1, double silenceTo = -1)
    {
        int n = (int)(seconds * sampleRate);
        var pcm = new byte[n * 2];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            double level = t >= silenceFrom && t < silenceTo ? 0 : 0.2 + 0.15 * Math.Sin(t * 0.9);
            double x = level * (Math.Sin(2 * Math.PI * 220 * t) + 0.5 * Math.Sin(2 * Math.PI * 277 * t) + 0.3 * Math.Sin(2 * Math.PI * 330 * t * (1 + 0.01 * Math.Sin(t))));
            BitConverter.TryWriteBytes(pcm.AsSpan(2 * i), (short)Math.Clamp(x * 12_000, short.MinValue, short.MaxValue));
        }
        return Folder.Write(name, TestWav.Riff(TestWav.Chunk("fmt ", TestWav.Format(1, 1, sampleRate, 16)), TestWav.Chunk("data", pcm)));
    }

    public static SessionInfo Session(string source, IEmotionEngine engine, IForecaster forecaster) =>
        new(source, SourceKind.File, 44_100, 1, engine.Info, forecaster.Info, "", DateTimeOffset.UnixEpoch);

    public void Dispose() => Folder.Dispose();
}
