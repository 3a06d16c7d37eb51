using MusicEmotion.Audio;
using MusicEmotion.Inference;

namespace MusicEmotion.Pipeline;

/// <summary>What a session is: where the audio comes from and what analyses it. Sinks write it as a header.</summary>
/// <param name="Source">The file path or device name.</param>
/// <param name="SourceKind">A file, a capture device, or an upload.</param>
/// <param name="SourceSampleRate">The rate the source delivers, before resampling to 44.1 kHz.</param>
/// <param name="Channels">The source's channel count, before the downmix.</param>
/// <param name="Engine">The emotion engine and model.</param>
/// <param name="Forecaster">The forecaster and its horizon.</param>
/// <param name="ModelSha256">sha256 of the emotion model file.</param>
/// <param name="StartedUtc">When the session started.</param>
public sealed record SessionInfo(
    string Source,
    SourceKind SourceKind,
    int SourceSampleRate,
    int Channels,
    EngineInfo Engine,
    ForecastInfo Forecaster,
    string ModelSha256,
    DateTimeOffset StartedUtc);
