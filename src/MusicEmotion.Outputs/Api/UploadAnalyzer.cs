using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// Runs uploaded audio through the same pipeline as <c>analyze</c> (decode, resample, features, engine,
/// forecast), on an engine of its own that it borrows. The engine carries state, so uploads are analysed one
/// at a time, each from a fresh state.
/// </summary>
public sealed class UploadAnalyzer(IEmotionEngine engine, IForecaster forecaster, string modelSha256)
{
    /// <summary>What upload errors name instead of the temporary file they were written to.</summary>
    public const string SourceName = "request body";

    private readonly IEmotionEngine _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    private readonly IForecaster _forecaster = forecaster ?? throw new ArgumentNullException(nameof(forecaster));
    private readonly string _modelSha256 = modelSha256 ?? throw new ArgumentNullException(nameof(modelSha256));
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public EngineInfo Engine => _engine.Info;

    public ForecastInfo Forecaster => _forecaster.Info;

    public string ModelSha256 => _modelSha256;

    /// <summary>Analyses the audio file the upload was saved to.</summary>
    /// <exception cref="AudioInputException">The bytes are not audio this build decodes; the message names the request body, not the file.</exception>
    public async Task<UploadAnalysis> AnalyzeAsync(string audioFile, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using FileFrameSource source = Open(audioFile);
            var tracker = new EmotionTracker(_engine, _forecaster);
            tracker.Reset();
            var session = new SessionInfo(
                SourceName, "upload", source.Format.SampleRate, source.Format.Channels, _engine.Info, _forecaster.Info, _modelSha256, DateTimeOffset.UtcNow);
            var readings = new CollectingSink();
            SessionSummary summary = await new EmotionPipeline(tracker, [readings], PipelineOptions.File)
                .RunAsync(source, session, cancellationToken).ConfigureAwait(false);
            string? problem = summary.Error switch
            {
                null => null,
                AudioInputException input => $"{SourceName}: {input.Problem}",
                Exception other => $"{SourceName}: {other.Message}",
            };
            return new UploadAnalysis(session, readings.Readings, summary.TailSamples, problem);
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
