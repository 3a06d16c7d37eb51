using System.Buffers;
using MusicEmotion.Outputs.MessagePack;
using MessagePackWriter = MessagePack.MessagePackWriter;

namespace MusicEmotion.Tests.Outputs;

/// <summary>Encodes and decodes whole streams of values, and cuts buffers into segments, for the codec tests.</summary>
internal static class MessagePackBytes
{
    public static byte[] Encode(params IEnumerable<MessagePackValue> values)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        foreach (MessagePackValue value in values)
        {
            value.WriteTo(ref writer);
        }
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>What <paramref name="write"/> wrote, in lower-case hex, once the writer is flushed.</summary>
    public static string Hex(WriteAction write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer);
        writer.Flush();
        return Convert.ToHexStringLower(output.WrittenSpan);
    }

    /// <summary>Writes values; the package's writer is a ref struct that buffers, so it is passed by reference.</summary>
    public delegate void WriteAction(ref MessagePackWriter writer);

    /// <summary>Every top-level value, in order, until the data ends.</summary>
    public static List<MessagePackValue> ReadAll(ReadOnlySequence<byte> data, MessagePackLimits? limits = null)
    {
        var reader = new MessagePackReader(data, limits);
        var values = new List<MessagePackValue>();
        while (!reader.End)
        {
            values.Add(MessagePackValue.Read(ref reader));
        }
        return values;
    }

    public static List<MessagePackValue> ReadAll(byte[] data) => ReadAll(new ReadOnlySequence<byte>(data));

    /// <summary>The same bytes as a chain of segments of the given sizes (cycled), so values straddle them.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, params int[] sizes)
    {
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        Segment first = new(data.AsMemory(0, Math.Min(sizes[0], data.Length)), 0);
        Segment last = first;
        int offset = last.Memory.Length;
        for (int i = 1; offset < data.Length; i++)
        {
            int size = Math.Min(sizes[i % sizes.Length], data.Length - offset);
            last = last.Append(data.AsMemory(offset, size));
            offset += size;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
