using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MusicEmotion.Outputs.Osc;

/// <summary>
/// Where OSC packets go, as the user writes it: HOST:PORT, with an IPv6 address in brackets ([::1]:9000).
/// Parsing checks the form and the port; <see cref="Resolve"/> looks the host up, once, before sending.
/// </summary>
public sealed record OscEndpoint(string Host, int Port)
{
    /// <exception cref="OscDestinationException">The text is not HOST:PORT with a port from 1 to 65535.</exception>
    public static OscEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw Bad(text, "must be HOST:PORT, for example 127.0.0.1:9000");
        }
        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw Bad(text, "an IPv6 address goes in brackets, for example [::1]:9000");
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw Bad(text, "the host is empty or holds spaces");
        }
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            throw Bad(text, $"the port '{text[(colon + 1)..]}' must be a number from 1 to 65535");
        }
        return new OscEndpoint(host, port);
    }

    /// <summary>
    /// The address to send to. A host with both kinds of address goes to IPv4, where most OSC tools listen.
    /// </summary>
    /// <exception cref="OscDestinationException">The host cannot be resolved.</exception>
    public IPEndPoint Resolve()
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(Host, out IPAddress? literal) ? [literal] : Dns.GetHostAddresses(Host);
        }
        catch (SocketException error)
        {
            throw Bad(ToString(), $"the host '{Host}' could not be resolved ({error.Message})");
        }
        IPAddress? address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6)
            ?? throw Bad(ToString(), $"the host '{Host}' has no IPv4 or IPv6 address");
        return new IPEndPoint(address, Port);
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static OscDestinationException Bad(string text, string problem) => new($"OSC destination '{text}': {problem}");
}
