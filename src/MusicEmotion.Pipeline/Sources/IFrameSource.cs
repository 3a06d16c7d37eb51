using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;

namespace MusicEmotion.Pipeline.Sources;

/// <summary>
/// The head of the pipeline: turns a file or a capture device into 0.5 s frames at 44.1 kHz mono (decode or
/// capture, downmix, resample, frame) and writes them to the first channel.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>The file path or device name.</summary>
    string Name { get; }

    /// <summary>A file or a capture device.</summary>
    SourceKind Kind { get; }

    /// <summary>The format the source delivers before conversion.</summary>
    AudioFormat Format { get; }

    /// <summary>Samples at 44.1 kHz after the last whole frame when the stream ended.</summary>
    long TailSamples { get; }

    /// <summary>Non-finite input samples replaced with silence so far.</summary>
    long RepairedSamples { get; }

    /// <summary>Capture overruns so far (0 for files).</summary>
    long Overruns { get; }

    /// <summary>
    /// Produces frames until the stream ends or <paramref name="cancellationToken"/> fires. An input error is
    /// thrown only after every frame completed before it has been written, so nothing computed is lost.
    /// </summary>
    Task RunAsync(ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool, CancellationToken cancellationToken);
}
