using System.Buffers;
using BenchmarkDotNet.Attributes;
using MusicEmotion.Outputs.MessagePack;
using MessagePackWriter = MessagePack.MessagePackWriter;

namespace MusicEmotion.Benchmarks.Outputs;

/// <summary>
/// One reading as the recorder writes it (15 keys: sequence, times, arousal/valence, quadrant and label, a
/// four-step forecast of [a, v] pairs, five stage latencies, flags) encoded and decoded with the typed API.
/// </summary>
[MemoryDiagnoser]
public class MessagePackReadingBenchmarks
{
    private static readonly string[] Stages = ["capture_ms", "resample_ms", "features_ms", "inference_ms", "sink_ms"];

    private readonly ArrayBufferWriter<byte> _output = new(512);
    private byte[] _encoded = [];
    private int _seq;

    [GlobalSetup]
    public void Setup()
    {
        Encode();
        _encoded = _output.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int Encode()
    {
        _output.ResetWrittenCount();
        var writer = new MessagePackWriter(_output);
        int seq = _seq++;
        writer.WriteMapHeader(15);
        writer.WriteString("seq"u8);
        writer.Write((long)seq);
        writer.WriteString("t"u8);
        writer.Write(seq * 0.5);
        writer.WriteString("wall"u8);
        writer.Write(1_763_800_000_000L + (seq * 500L));
        writer.WriteString("arousal"u8);
        writer.Write(0.25f);
        writer.WriteString("valence"u8);
        writer.Write(-0.5f);
        writer.WriteString("quadrant"u8);
        writer.Write("passive-negative");
        writer.WriteString("label"u8);
        writer.Write("sad");
        writer.WriteString("forecast"u8);
        writer.WriteArrayHeader(4);
        for (int step = 1; step <= 4; step++)
        {
            writer.WriteArrayHeader(2);
            writer.Write(0.25f + (step * 0.01f));
            writer.Write(-0.5f - (step * 0.01f));
        }
        foreach (string stage in Stages)
        {
            writer.Write(stage);
            writer.Write(1.25);
        }
        writer.WriteString("silent"u8);
        writer.Write(false);
        writer.WriteString("dropped"u8);
        writer.Write(0L);
        writer.Flush();
        return _output.WrittenCount;
    }

    /// <summary>Decodes the fields a replay needs by key, skipping the rest, as a schema-aware reader would.</summary>
    [Benchmark]
    public float Decode()
    {
        var reader = new MessagePackReader(_encoded);
        float arousal = 0, valence = 0, forecastSum = 0;
        string label = "";
        for (int entries = reader.ReadMapHeader(); entries > 0; entries--)
        {
            ReadOnlySequence<byte> key = reader.ReadStringBytes();
            if (Is(key, "arousal"u8))
            {
                arousal = reader.ReadSingle();
            }
            else if (Is(key, "valence"u8))
            {
                valence = reader.ReadSingle();
            }
            else if (Is(key, "label"u8))
            {
                label = reader.ReadString();
            }
            else if (Is(key, "forecast"u8))
            {
                for (int steps = reader.ReadArrayHeader(); steps > 0; steps--)
                {
                    reader.ReadArrayHeader();
                    forecastSum += reader.ReadSingle() + reader.ReadSingle();
                }
            }
            else
            {
                reader.Skip();
            }
        }
        return arousal + valence + forecastSum + label.Length;
    }

    [Benchmark]
    public MessagePackValue DecodeAsTree()
    {
        var reader = new MessagePackReader(_encoded);
        return MessagePackValue.Read(ref reader);
    }

    private static bool Is(ReadOnlySequence<byte> key, ReadOnlySpan<byte> name) =>
        key.IsSingleSegment ? key.FirstSpan.SequenceEqual(name) : key.ToArray().AsSpan().SequenceEqual(name);
}
