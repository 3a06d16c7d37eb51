using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MusicEmotion.Outputs.Osc;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// liblo's oscdump (Debian liblo-tools) running as a child process on a free UDP port, line-buffered, with
/// each printed line parsed into time tag, address, type tags and arguments.
/// </summary>
internal sealed class OscDump : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];

    private OscDump(string program, int port)
    {
        Port = port;
        _process = ExternalProgram.Start(program, "-L", port.ToString(CultureInfo.InvariantCulture));
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Add(e.Data);
            }
        };
        _process.BeginOutputReadLine();
    }

    public int Port { get; }

    public OscEndpoint Endpoint => new("127.0.0.1", Port);

    /// <summary>Starts oscdump and waits until it prints a probe message, so nothing sent later is lost.</summary>
    public static OscDump Start()
    {
        string? program = ExternalProgram.FindOnPath("oscdump");
        Support.Requires.That(program is not null, "liblo's oscdump on PATH (Debian liblo-tools)");
        var dump = new OscDump(program!, FreeUdpPort());
        using var probe = new OscSender([dump.Endpoint]);
        byte[] buffer = new byte[64];
        var packet = new OscPacketWriter(buffer);
        packet.BeginMessage("/probe", "");
        byte[] probeMessage = packet.Finish().ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            probe.Send(probeMessage);
            if (dump._lines.TryTake(out string? line, 100) && line.Contains(" /probe ", StringComparison.Ordinal))
            {
                while (dump._lines.TryTake(out _, 200))
                {
                    // Late echoes of the probe.
                }
                return dump;
            }
        }
        dump.Dispose();
        throw new Xunit.Sdk.XunitException($"oscdump printed no probe within {Patience.TotalSeconds} s");
    }

    public OscDumpLine NextLine()
    {
        Assert.True(_lines.TryTake(out string? line, Patience), "oscdump printed nothing more");
        return OscDumpLine.Parse(line!);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _lines.Dispose();
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

/// <summary>
/// One line of oscdump: "SSSSSSSS.FFFFFFFF /address tags arg...", where a float prints as %f, an int as
/// %d, a string in double quotes and a blob as "[3b 0x1 0x2 0xff]" (or "[20 byte blob]" when longer).
/// </summary>
internal sealed record OscDumpLine(string TimeTag, string Address, string TypeTags, IReadOnlyList<string> Arguments)
{
    public static OscDumpLine Parse(string line)
    {
        string[] head = line.Split(' ', 4);
        Assert.True(head.Length >= 3, $"unexpected oscdump line: {line}");
        string rest = head.Length == 4 ? head[3] : "";
        var arguments = new List<string>();
        foreach (char tag in head[2])
        {
            (string argument, rest) = tag switch
            {
                's' => Delimited(rest, "\"", "\" "),
                'b' => Delimited(rest, "[", "] "),
                _ => Delimited(rest, "", " "),
            };
            arguments.Add(argument);
        }
        return new OscDumpLine(head[0], head[1], head[2], arguments);
    }

    public float Float(int index) => float.Parse(Arguments[index], CultureInfo.InvariantCulture);

    private static (string Argument, string Remainder) Delimited(string text, string open, string close)
    {
        Assert.StartsWith(open, text, StringComparison.Ordinal);
        string padded = text + " ";
        int end = padded.IndexOf(close, open.Length, StringComparison.Ordinal);
        return (padded[open.Length..end], end + close.Length >= padded.Length ? "" : padded[(end + close.Length)..]);
    }
}
