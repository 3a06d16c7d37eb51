using System.Net;
using MusicEmotion.Outputs.Osc;

namespace MusicEmotion.Tests.Outputs;

public sealed class OscEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9000", "127.0.0.1", 9000)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("studio-pc.local:65535", "studio-pc.local", 65535)]
    [InlineData("[::1]:7000", "::1", 7000)]
    public void ParsesHostAndPort(string text, string host, int port)
    {
        OscEndpoint endpoint = OscEndpoint.Parse(text);
        Assert.Equal(new OscEndpoint(host, port), endpoint);
        Assert.Equal(text, endpoint.ToString());
    }

    [Theory]
    [InlineData("localhost", "OSC destination 'localhost': must be HOST:PORT, for example 127.0.0.1:9000")]
    [InlineData("localhost:", "OSC destination 'localhost:': must be HOST:PORT, for example 127.0.0.1:9000")]
    [InlineData(":9000", "OSC destination ':9000': must be HOST:PORT, for example 127.0.0.1:9000")]
    [InlineData("localhost:0", "OSC destination 'localhost:0': the port '0' must be a number from 1 to 65535")]
    [InlineData("localhost:65536", "OSC destination 'localhost:65536': the port '65536' must be a number from 1 to 65535")]
    [InlineData("localhost:90a0", "OSC destination 'localhost:90a0': the port '90a0' must be a number from 1 to 65535")]
    [InlineData("localhost:-1", "OSC destination 'localhost:-1': the port '-1' must be a number from 1 to 65535")]
    [InlineData("::1:9000", "OSC destination '::1:9000': an IPv6 address goes in brackets, for example [::1]:9000")]
    [InlineData("my host:9000", "OSC destination 'my host:9000': the host is empty or holds spaces")]
    [InlineData("[]:9000", "OSC destination '[]:9000': the host is empty or holds spaces")]
    public void BadDestinationsGetAOneLineReason(string text, string message) =>
        Assert.Equal(message, Assert.Throws<OscDestinationException>(() => OscEndpoint.Parse(text)).Message);

    [Fact]
    public void AnUnresolvableHostIsNamed()
    {
        // .invalid is reserved (RFC 2606): it never resolves, with or without a network.
        var error = Assert.Throws<OscDestinationException>(() => OscEndpoint.Parse("nowhere.invalid:9000").Resolve());
        Assert.StartsWith("OSC destination 'nowhere.invalid:9000': the host 'nowhere.invalid' could not be resolved", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void LiteralAddressesResolveWithoutALookup()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9000), OscEndpoint.Parse("127.0.0.1:9000").Resolve());
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9000), OscEndpoint.Parse("[::1]:9000").Resolve());
    }
}
