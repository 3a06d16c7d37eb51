using BenchmarkDotNet.Attributes;
using MusicEmotion.Outputs.Osc;

namespace MusicEmotion.Benchmarks.Outputs;

/// <summary>The OSC bundle sent per reading: seven messages under /emotion, one with an eight-float forecast.</summary>
[MemoryDiagnoser]
public class OscBundleBenchmarks
{
    private readonly byte[] _buffer = new byte[1024];
    private readonly OscTimeTag _time = OscTimeTag.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddYears(55));
    private int _seq;

    [Benchmark]
    public int EncodeReadingBundle()
    {
        float arousal = 0.25f + (_seq++ % 7 * 0.01f);
        float valence = -0.5f;
        var packet = new OscPacketWriter(_buffer);
        packet.BeginBundle(_time);
        WriteFloats(ref packet, "/emotion/arousal", "f", [arousal]);
        WriteFloats(ref packet, "/emotion/valence", "f", [valence]);
        WriteFloats(ref packet, "/emotion/av", "ff", [arousal, valence]);
        packet.BeginMessage("/emotion/quadrant", "s");
        packet.Write("passive-negative");
        packet.BeginMessage("/emotion/label", "s");
        packet.Write("sad");
        WriteFloats(ref packet, "/emotion/forecast", "ffffffff", [arousal, valence, 0.3f, -0.4f, 0.35f, -0.3f, 0.4f, -0.2f]);
        WriteFloats(ref packet, "/emotion/level", "f", [0.56f]);
        return packet.Finish().Length;
    }

    private static void WriteFloats(ref OscPacketWriter packet, string address, string tags, scoped ReadOnlySpan<float> values)
    {
        packet.BeginMessage(address, tags);
        foreach (float value in values)
        {
            packet.Write(value);
        }
    }
}
