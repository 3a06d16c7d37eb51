using System.Diagnostics;
using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;

namespace MusicEmotion.Pipeline.Sources;

/// <summary>
/// Another source's frames, released no sooner than a capture device would deliver them: each frame once its
/// last sample's stream time has passed. A file then feeds the pipeline exactly as live audio does (two
/// readings a second), for demos, for <c>serve --input</c>, and for testing live consumers without a device.
/// </summary>
public sealed class PacedFrameSource(IFrameSource inner) : IFrameSource
{
    private readonly IFrameSource _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public string Name => _inner.Name;

    public SourceKind Kind => _inner.Kind;

    public AudioFormat Format => _inner.Format;

    public long TailSamples => _inner.TailSamples;

    public long RepairedSamples => _inner.RepairedSamples;

    public long Overruns => _inner.Overruns;

    public async Task RunAsync(ChannelWriter<AudioFrame> frames, FramePool<AudioFrame> pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        // Two frames of look-ahead: the decoder stays just ahead of the clock without reading the file ahead.
        var decoded = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task producer = RunInnerAsync(decoded.Writer, pool, stop.Token);
        try
        {
            var clock = new StreamClock();
            await foreach (AudioFrame frame in decoded.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await clock.WaitUntilAsync(frame.StartTime + FrameLayout.FrameSeconds, cancellationToken).ConfigureAwait(false);
                // The frame counts as captured when it is released, as a device's would: the wait is pacing, not
                // latency, so the stamps move forward by it and each stage's latency stays what it was.
                long waited = Stopwatch.GetTimestamp() - frame.Timeline.Framed;
                frame.Timeline.Captured += waited;
                frame.Timeline.Framed += waited;
                await frames.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
                .ConfigureAwait(false);
            throw;
        }
        // The decoder's error, if it had one, comes out here: after every frame decoded before it.
        await producer.ConfigureAwait(false);
    }

    public void Dispose() => _inner.Dispose();

    private async Task RunInnerAsync(ChannelWriter<AudioFrame> decoded, FramePool<AudioFrame> pool, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.RunAsync(decoded, pool, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            decoded.TryComplete();
        }
    }
}
