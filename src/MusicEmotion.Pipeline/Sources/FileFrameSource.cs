using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Audio.Framing;

namespace MusicEmotion.Pipeline.Sources;

/// <summary>
/// A file as the head of the pipeline: decode, downmix, resample to 44.1 kHz, frame. Streams in small blocks,
/// so a three-hour file never sits in memory; on a waiting channel it reads exactly as fast as frames are
/// analysed.
/// </summary>
public sealed class FileFrameSource : IFrameSource
{
    private const int BlockSamples = 8192;

    private readonly IAudioSource _decoder;
    private readonly MonoResamplingSource _mono;
    private long _tail;

    /// <summary>Opens <paramref name="path"/>; a file that cannot be decoded throws a one-line <see cref="AudioInputException"/>.</summary>
    public FileFrameSource(string path)
    {
        _decoder = AudioFile.Open(path);
        _mono = new MonoResamplingSource(_decoder);
    }

    public string Name => _decoder.Name;

    public SourceKind Kind => SourceKind.File;

    public AudioFormat Format => _decoder.Format;

    /// <summary>Whole frames the file holds, when its length is known: for progress bars.</summary>
    public long? ExpectedFrames => _mono.LengthInFrames / FrameLayout.FrameLength;

    /// <summary>The file's duration in seconds, when known.</summary>
    public double? DurationSeconds => _decoder.LengthInFrames / (double)_decoder.Format.SampleRate;

    public long TailSamples => Volatile.Read(ref _tail);

    public long RepairedSamples => _decoder.NonFiniteSamplesReplaced;

    public long Overruns => 0;

    public async Task RunAsync(ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var framer = new Framer(pool);
        var block = new float[BlockSamples];
        try
        {
            int read;
            while ((read = _mono.Read(block)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long decoded = Stopwatch.GetTimestamp();
                ReadOnlyMemory<float> chunk = block.AsMemory(0, read);
                while (TryFill(framer, ref chunk, decoded, out AudioFrame? frame))
                {
                    // Try first, then wait for room: the channel reuses one waiter, so a blocked write allocates nothing.
                    while (!frames.TryWrite(frame))
                    {
                        if (!await frames.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                        {
                            throw new ChannelClosedException();
                        }
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _tail, framer.PendingSamples);
        }
    }

    public void Dispose() => _mono.Dispose();

    /// <summary>The framer works on spans, which cannot live across an await; this keeps the chunk as memory.</summary>
    private static bool TryFill(Framer framer, ref ReadOnlyMemory<float> chunk, long captured, [NotNullWhen(true)] out AudioFrame? frame)
    {
        ReadOnlySpan<float> span = chunk.Span;
        bool completed = framer.TryFill(ref span, captured, out frame);
        chunk = chunk[(chunk.Length - span.Length)..];
        return completed;
    }
}
