using System.Threading.Channels;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// The messages waiting for one WebSocket client. Offering never blocks: when the client reads too slowly and
/// its queue is full, the oldest message goes (counted), so a slow client always catches up with the newest
/// readings and can never hold back the sink or the other clients.
/// </summary>
internal sealed class ApiClientQueue
{
    private readonly Channel<byte[]> _messages;
    private long _dropped;

    public ApiClientQueue(ApiMessageFormat format, int capacity)
    {
        Format = format;
        _messages = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ApiMessageFormat Format { get; }

    /// <summary>Messages dropped because the client fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<byte[]> Messages => _messages.Reader;

    public void Offer(byte[] message) => _messages.Writer.TryWrite(message);

    /// <summary>No more messages: the client's sender finishes what is queued and ends.</summary>
    public void Close() => _messages.Writer.TryComplete();
}
