using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// Runs uploaded audio through the same pipeline as <c>analyze</c> (decode, resample, features, engine,
/// forecast), on an engine of its own that it borrows. The engine carries state, so uploads are analysed one
/// at a time, each from a fresh state.
/// </summary>
public sealed class UploadAnalyzer(LoadedModels models)
{
    /// <summary>What upload errors name instead of the temporary file they were written to.</summary>
    public const string SourceName = "request body";

    private readonly LoadedModels _models = models ?? throw new ArgumentNullException(nameof(models));
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public EngineInfo Engine => _models.Engine.Info;

    public ForecastInfo Forecaster => _models.Forecaster.Info;

    public string ModelSha256 => _models.ModelSha256;

    /// <summary>Analyses the audio file the upload was saved to.</summary>
    /// <exception cref="AudioInputException">The bytes are not audio this build decodes; the message names the request body, not the file.</exception>
    public async Task<UploadAnalysis> AnalyzeAsync(string audioFile, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var source = new UploadFrameSource(Open(audioFile));
            var readings = new CollectingSink();
            var session = new EmotionSession(source, _models, [readings], PipelineOptions.File);
            SessionSummary summary = await session.RunAsync(cancellationToken).ConfigureAwait(false);
            string? problem = summary.Error switch
            {
                null => null,
                AudioInputException input => $"{SourceName}: {input.Problem}",
                Exception other => $"{SourceName}: {other.Message}",
            };
            return new UploadAnalysis(session.Info, readings.Readings, summary.TailSamples, problem);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static FileFrameSource Open(string audioFile)
    {
        try
        {
            return new FileFrameSource(audioFile);
        }
        catch (AudioInputException error)
        {
            throw new AudioInputException(SourceName, error.Problem, error);
        }
    }

    /// <summary>The decoded upload, shown to sinks as an upload rather than as the temporary file it was saved to.</summary>
    private sealed class UploadFrameSource(FileFrameSource file) : IFrameSource
    {
        public string Name => SourceName;

        public SourceKind Kind => SourceKind.Upload;

        public AudioFormat Format => file.Format;

        public long TailSamples => file.TailSamples;

        public long RepairedSamples => file.RepairedSamples;

        public long Overruns => file.Overruns;

        public Task RunAsync(ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool, CancellationToken cancellationToken) =>
            file.RunAsync(frames, pool, cancellationToken);

        public void Dispose() => file.Dispose();
    }

    private sealed class CollectingSink : IReadingSink
    {
        public List<EmotionReading> Readings { get; } = [];

        public string Name => "response";

        public void Start(SessionInfo session)
        {
        }

        public void Write(in EmotionReading reading) => Readings.Add(reading);

        public void Complete(SessionSummary summary)
        {
        }
    }
}

/// <param name="Session">The session the upload ran as.</param>
/// <param name="Readings">One reading per whole 0.5 s frame.</param>
/// <param name="TailSamples">Samples at 44.1 kHz after the last whole frame, not analysed.</param>
/// <param name="Problem">A decoding error after some frames (those readings are kept), or null.</param>
public sealed record UploadAnalysis(SessionInfo Session, IReadOnlyList<EmotionReading> Readings, long TailSamples, string? Problem);
