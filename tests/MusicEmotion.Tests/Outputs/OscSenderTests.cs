using System.Net;
using System.Net.Sockets;
using MusicEmotion.Outputs.Osc;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>The sender over real loopback UDP sockets: every destination gets every packet; errors are counted.</summary>
public sealed class OscSenderTests
{
    [Fact]
    public void EveryDestinationReceivesEveryPacket()
    {
        using Socket first = Receiver();
        using Socket second = Receiver();
        using var sender = new OscSender([Loopback(first), Loopback(second)]);
        byte[] buffer = new byte[1024];

        byte[] packet = OscBundles.WriteReading(buffer, 3).ToArray();
        sender.Send(packet);

        Assert.Equal(packet, Receive(first));
        Assert.Equal(packet, Receive(second));
        Assert.Equal(2, sender.PacketsSent);
        Assert.Equal(0, sender.SendErrors);
    }

    [Fact]
    public void ARefusedDatagramIsCountedNotThrown()
    {
        using Socket receiver = Receiver();
        using var sender = new OscSender([Loopback(receiver)]);

        // Larger than any UDP datagram can be (65 507 bytes of IPv4 payload): the system refuses it.
        sender.Send(new byte[70_000]);
        sender.Send(new byte[8]);

        Assert.Equal(1, sender.SendErrors);
        Assert.Equal(1, sender.PacketsSent);
        Assert.Equal(8, Receive(receiver).Length);
    }

    [Fact]
    public void SendingToANonListeningPortNeitherThrowsNorStalls()
    {
        int port;
        using (Socket closed = Receiver())
        {
            port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        }
        using var sender = new OscSender([new OscEndpoint("127.0.0.1", port)]);
        for (int i = 0; i < 100; i++)
        {
            sender.Send(new byte[16]);
        }
        Assert.Equal(100, sender.PacketsSent + sender.SendErrors);
    }

    [Fact]
    public void SendingAllocatesNothing()
    {
        using Socket receiver = Receiver();
        receiver.ReceiveBufferSize = 1 << 20;
        using var sender = new OscSender([Loopback(receiver)]);
        byte[] buffer = new byte[1024];
        Allocations.AssertNonePerCall(i => sender.Send(OscBundles.WriteReading(buffer, i)), calls: 2_000);
    }

    [Fact]
    public void NoDestinationIsAnError() => Assert.Throws<ArgumentException>(() => new OscSender([]));

    private static Socket Receiver()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static OscEndpoint Loopback(Socket receiver) => new("127.0.0.1", ((IPEndPoint)receiver.LocalEndPoint!).Port);

    private static byte[] Receive(Socket receiver)
    {
        byte[] datagram = new byte[65_536];
        int length = receiver.Receive(datagram);
        return datagram[..length];
    }
}
