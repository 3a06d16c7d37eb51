using System.Net;
using System.Net.Sockets;

namespace MusicEmotion.Outputs.Osc;

/// <summary>
/// Sends OSC packets over UDP to one or more destinations, resolved once at construction. Sends never
/// block and never throw for the network's sake: a datagram the system refuses (buffer full, too large,
/// no route) is counted in <see cref="SendErrors"/> and the caller goes on, so a dead receiver cannot
/// stall the pipeline. Sending allocates nothing.
/// </summary>
public sealed class OscSender : IDisposable
{
    private readonly Destination[] _destinations;
    private readonly Socket? _ipv4;
    private readonly Socket? _ipv6;
    private long _packetsSent;
    private long _sendErrors;

    /// <exception cref="OscDestinationException">A destination's host cannot be resolved.</exception>
    public OscSender(IEnumerable<OscEndpoint> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        Destinations = [.. destinations];
        if (Destinations.Count == 0)
        {
            throw new ArgumentException("an OSC sender needs at least one destination", nameof(destinations));
        }
        IPEndPoint[] resolved = [.. Destinations.Select(d => d.Resolve())];
        if (resolved.Any(e => e.AddressFamily == AddressFamily.InterNetwork))
        {
            // Broadcast on: installations often address every machine on a subnet (x.x.x.255).
            _ipv4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, EnableBroadcast = true };
        }
        if (resolved.Any(e => e.AddressFamily == AddressFamily.InterNetworkV6))
        {
            _ipv6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        }
        _destinations = [.. resolved.Select(e => new Destination(e.AddressFamily == AddressFamily.InterNetwork ? _ipv4! : _ipv6!, e.Serialize()))];
    }

    public IReadOnlyList<OscEndpoint> Destinations { get; }

    /// <summary>Datagrams handed to the network, counted per destination.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Datagrams the network refused, counted per destination.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Sends one packet (see <see cref="OscPacketWriter"/>) to every destination.</summary>
    public void Send(ReadOnlySpan<byte> packet)
    {
        foreach (Destination destination in _destinations)
        {
            try
            {
                destination.Socket.SendTo(packet, SocketFlags.None, destination.Address);
                Interlocked.Increment(ref _packetsSent);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _sendErrors);
            }
        }
    }

    public void Dispose()
    {
        _ipv4?.Dispose();
        _ipv6?.Dispose();
    }

    private readonly record struct Destination(Socket Socket, SocketAddress Address);
}
