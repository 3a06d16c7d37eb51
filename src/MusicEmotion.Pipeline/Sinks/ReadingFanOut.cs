using System.Threading.Channels;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Pipeline.Sinks;

/// <summary>
/// Hands every reading to every sink, each through its own bounded channel drained by its own task, so a slow
/// or failing sink never stalls inference or the other sinks. Live sessions drop a slow sink's oldest readings
/// (counted); file sessions wait, so every sink sees every reading.
/// </summary>
public sealed class ReadingFanOut
{
    private readonly SinkRunner[] _runners;
    private readonly ChannelPolicy _policy;

    public ReadingFanOut(IEnumerable<IReadingSink> sinks, PipelineCounters counters, ChannelPolicy policy, int capacity = 64)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(counters);
        _policy = policy;
        _runners = sinks.Select(s => new SinkRunner(s, counters.AddSink(s.Name), policy, capacity)).ToArray();
    }

    public void Start(SessionInfo session)
    {
        foreach (var runner in _runners)
        {
            runner.Start(session);
        }
    }

    /// <summary>
    /// Offers the reading to the sinks from <paramref name="firstSink"/> on. Returns -1 when all have it, or, on the
    /// waiting policy, the index of a full sink: wait with <see cref="WaitForRoomAsync"/>, then offer again from there.
    /// </summary>
    public int Offer(in EmotionReading reading, int firstSink = 0)
    {
        for (int i = firstSink; i < _runners.Length; i++)
        {
            if (!_runners[i].Writer.TryWrite(reading) && _policy == ChannelPolicy.Wait)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Waits until sink <paramref name="sink"/> has room; false if it will never take more.</summary>
    public ValueTask<bool> WaitForRoomAsync(int sink) => _runners[sink].Writer.WaitToWriteAsync();

    /// <summary>
    /// <see cref="Offer"/> until every sink has the reading, waiting for room on the waiting policy. Each call that
    /// has to wait allocates its state machine, so the per-frame inference stage runs the same loop inline.
    /// </summary>
    public async ValueTask PublishAsync(EmotionReading reading)
    {
        for (int full = Offer(reading); full >= 0;)
        {
            bool open = await WaitForRoomAsync(full).ConfigureAwait(false);
            full = Offer(reading, open ? full : full + 1);
        }
    }

    /// <summary>Ends every sink's channel, waits until each has drained, then completes each sink.</summary>
    public async Task CompleteAsync(SessionSummary summary)
    {
        foreach (var runner in _runners)
        {
            runner.Writer.TryComplete();
        }
        foreach (var runner in _runners)
        {
            await runner.DrainAndCompleteAsync(summary).ConfigureAwait(false);
        }
    }

    private sealed class SinkRunner
    {
        private readonly IReadingSink _sink;
        private readonly SinkCounter _counter;
        private readonly Channel<EmotionReading> _channel;
        private Task _drain = Task.CompletedTask;

        public SinkRunner(IReadingSink sink, SinkCounter counter, ChannelPolicy policy, int capacity)
        {
            _sink = sink;
            _counter = counter;
            var options = new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = policy == ChannelPolicy.Wait ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
            };
            _channel = Channel.CreateBounded<EmotionReading>(options, _ => counter.Drop());
        }

        public ChannelWriter<EmotionReading> Writer => _channel.Writer;

        public void Start(SessionInfo session)
        {
            _sink.Start(session);
            _drain = Task.Run(DrainAsync);
        }

        public async Task DrainAndCompleteAsync(SessionSummary summary)
        {
            await _drain.ConfigureAwait(false);
            try
            {
                _sink.Complete(summary);
            }
            catch (Exception error) when (_counter.Failure is null)
            {
                _counter.Failure = error;
            }
        }

        private async Task DrainAsync()
        {
            var reader = _channel.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out EmotionReading reading))
                {
                    if (_counter.Failure is not null)
                    {
                        continue;
                    }
                    try
                    {
                        _sink.Write(reading);
                        _counter.Delivery();
                    }
                    catch (Exception error)
                    {
                        // A failed sink keeps draining (so a waiting producer is never blocked by it) but
                        // receives nothing more; the failure is reported with the session summary.
                        _counter.Failure = error;
                    }
                }
            }
        }
    }
}
