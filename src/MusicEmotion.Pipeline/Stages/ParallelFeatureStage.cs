using System.Threading.Channels;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Pipeline.Stages;

/// <summary>
/// The feature stage on several cores, for files: a frame's features depend on that frame alone, so frames can be
/// computed side by side; only the LSTM after this stage must see them in order. Frame i goes to worker i mod N and
/// is taken back from worker i mod N, so the order is kept by construction, with no reordering buffer, no locks and
/// nothing allocated per frame; each worker is a <see cref="FeatureStage"/> with its own <see cref="FeatureExtractor"/>
/// (they hold scratch buffers).
/// Live audio keeps the single <see cref="FeatureStage"/>: frames arrive every 0.5 s, one at a time, so more
/// workers would not make a reading sooner.
/// </summary>
public sealed class ParallelFeatureStage
{
    // Frames waiting at each worker's door and at its exit: two keep every worker busy while the others' results are
    // collected, and bound the frames in flight (so the frame pools stop growing after warm-up).
    private const int WorkerQueue = 2;

    private readonly FramePool<AudioFrame> _audioPool;
    private readonly FramePool<FeatureFrame> _featurePool;
    private readonly PipelineCounters _counters;
    private readonly int _workers;

    public ParallelFeatureStage(int workers, FramePool<AudioFrame> audioPool, FramePool<FeatureFrame> featurePool, PipelineCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 2);
        _workers = workers;
        _audioPool = audioPool ?? throw new ArgumentNullException(nameof(audioPool));
        _featurePool = featurePool ?? throw new ArgumentNullException(nameof(featurePool));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
    }

    public async Task RunAsync(ChannelReader<AudioFrame> input, ChannelWriter<FeatureFrame> output)
    {
        var inboxes = new Channel<AudioFrame>[_workers];
        var outboxes = new Channel<FeatureFrame>[_workers];
        var workers = new Task[_workers];
        for (int i = 0; i < _workers; i++)
        {
            inboxes[i] = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(WorkerQueue) { SingleReader = true, SingleWriter = true });
            outboxes[i] = Channel.CreateBounded<FeatureFrame>(new BoundedChannelOptions(WorkerQueue) { SingleReader = true, SingleWriter = true });
            // Each worker is the one-thread stage over its own doors; it closes its exit when done or failed.
            var worker = new FeatureStage(new FeatureExtractor(), _audioPool, _featurePool, _counters);
            ChannelReader<AudioFrame> inbox = inboxes[i].Reader;
            ChannelWriter<FeatureFrame> outbox = outboxes[i].Writer;
            workers[i] = Task.Run(() => worker.RunAsync(inbox, outbox));
        }
        Task dealing = Task.Run(() => DealAsync(input, inboxes));
        try
        {
            await CollectAsync(outboxes, output).ConfigureAwait(false);
            output.TryComplete();
        }
        catch (Exception error)
        {
            output.TryComplete(error);
            // Close every door, so the dealer and the workers blocked on a full one end instead of waiting forever.
            for (int i = 0; i < _workers; i++)
            {
                inboxes[i].Writer.TryComplete(error);
                outboxes[i].Writer.TryComplete(error);
            }
            throw;
        }
        finally
        {
            // A worker's failure already reached the collector through its exit; here they are only waited for.
            await Task.WhenAll([dealing, .. workers]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Frame i to worker i mod N, in the source's order.</summary>
    private static async Task DealAsync(ChannelReader<AudioFrame> input, Channel<AudioFrame>[] inboxes)
    {
        int next = 0;
        try
        {
            await foreach (AudioFrame audio in input.ReadAllAsync().ConfigureAwait(false))
            {
                // Try first, then wait for room: the channel reuses one waiter, so a blocked write allocates nothing.
                ChannelWriter<AudioFrame> inbox = inboxes[next].Writer;
                while (!inbox.TryWrite(audio))
                {
                    if (!await inbox.WaitToWriteAsync().ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
                next = (next + 1) % inboxes.Length;
            }
            foreach (var inbox in inboxes)
            {
                inbox.Writer.TryComplete();
            }
        }
        catch (Exception error)
        {
            foreach (var inbox in inboxes)
            {
                inbox.Writer.TryComplete(error);
            }
        }
    }

    /// <summary>Takes frame i back from worker i mod N: the source's order again. The first worker with nothing
    /// more to give marks the end, since the frames were dealt in turn.</summary>
    private static async Task CollectAsync(Channel<FeatureFrame>[] outboxes, ChannelWriter<FeatureFrame> output)
    {
        for (int next = 0; ; next = (next + 1) % outboxes.Length)
        {
            ChannelReader<FeatureFrame> outbox = outboxes[next].Reader;
            if (!await outbox.WaitToReadAsync().ConfigureAwait(false))
            {
                return;
            }
            outbox.TryRead(out FeatureFrame? features);
            while (!output.TryWrite(features!))
            {
                if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                {
                    throw new ChannelClosedException();
                }
            }
        }
    }
}
