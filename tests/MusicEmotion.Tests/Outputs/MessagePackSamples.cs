using System.Text;
using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Values covering every MessagePack format at both sides of each of its size boundaries, for the exact-bytes,
/// round-trip, fuzz and peer tests. Maps have string keys only (JavaScript objects can hold no others);
/// <see cref="AnyKeyMaps"/> has the rest.
/// </summary>
internal static class MessagePackSamples
{
    /// <summary>Maps keyed by integers, nil, booleans, floats, bin and arrays: the specification allows any key.</summary>
    public static IReadOnlyList<MessagePackValue> AnyKeyMaps { get; } =
    [
        Map((V(1), V("one")), (V(-1), V("minus one")), (V(300UL), Arr(V(1.5f), MessagePackValue.Nil))),
        Map((MessagePackValue.Nil, V(0)), (MessagePackValue.True, V(1)), (V(2.5), V(2)),
            (MessagePackValue.Binary([1, 2]), V(3)), (Arr(V(1), V(2)), V(4))),
    ];

    /// <summary>Integers at every format boundary, including both ends of the MessagePack range.</summary>
    public static IReadOnlyList<Int128> Integers { get; } =
    [
        0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, int.MaxValue, uint.MaxValue, (Int128)uint.MaxValue + 1,
        (1L << 53) + 1, long.MaxValue, (Int128)long.MaxValue + 1, ulong.MaxValue,
        -1, -31, -32, -33, -127, -128, -129, -32767, -32768, -32769, int.MinValue, (Int128)int.MinValue - 1, long.MinValue,
    ];

    // After Integers: static properties are initialised in the order they are written.
    public static IReadOnlyList<MessagePackValue> All { get; } = [.. Build()];

    /// <summary>A text of exactly <paramref name="utf8Bytes"/> UTF-8 bytes, mixing 1-, 2-, 3- and 4-byte characters.</summary>
    public static string Text(int utf8Bytes)
    {
        var text = new StringBuilder();
        string[] pieces = ["🎵", "é", "日", "a", "ö", "✓", "z"];
        int left = utf8Bytes;
        for (int i = 0; left > 0; i++)
        {
            string piece = pieces[i % pieces.Length];
            int size = Encoding.UTF8.GetByteCount(piece);
            if (size <= left)
            {
                text.Append(piece);
                left -= size;
            }
            else
            {
                text.Append('a', left);
                left = 0;
            }
        }
        return text.ToString();
    }

    public static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 251))];

    /// <summary>A typical reading, as the recorder will write one.</summary>
    public static MessagePackValue Reading(int seq) => Map(
        (V("seq"), V(seq)),
        (V("t"), V(seq * 0.5)),
        (V("wall"), V(1_763_800_000_000L + (seq * 500L))),
        (V("arousal"), V(0.25f)),
        (V("valence"), V(-0.5f)),
        (V("quadrant"), V("passive-negative")),
        (V("label"), V("sad")),
        (V("forecast"), Arr(Arr(V(0.1f), V(-0.2f)), Arr(V(0.2f), V(-0.3f)), Arr(V(0.3f), V(-0.4f)), Arr(V(0.4f), V(-0.5f)))),
        (V("latency"), Arr(V(1.5), V(12.25), V(3.0), V(0.75), V(17.5))),
        (V("silent"), MessagePackValue.False),
        (V("dropped"), V(0)));

    public static MessagePackValue V(long value) => MessagePackValue.From(value);

    public static MessagePackValue V(ulong value) => MessagePackValue.From(value);

    public static MessagePackValue V(float value) => MessagePackValue.From(value);

    public static MessagePackValue V(double value) => MessagePackValue.From(value);

    public static MessagePackValue V(string value) => MessagePackValue.From(value);

    public static MessagePackValue V(Int128 value) => value < 0 ? V((long)value) : V((ulong)value);

    public static MessagePackValue Arr(params MessagePackValue[] items) => MessagePackValue.Array(items);

    public static MessagePackValue Map(params (MessagePackValue Key, MessagePackValue Value)[] entries) =>
        MessagePackValue.Map([.. entries.Select(e => KeyValuePair.Create(e.Key, e.Value))]);

    private static IEnumerable<MessagePackValue> Build()
    {
        yield return MessagePackValue.Nil;
        yield return MessagePackValue.True;
        yield return MessagePackValue.False;
        foreach (Int128 integer in Integers)
        {
            yield return V(integer);
        }
        float[] singles = [0f, -0f, 0.1f, 1.5f, float.MaxValue, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        foreach (float single in singles)
        {
            yield return V(single);
        }
        double[] doubles = [0.0, -0.0, 0.1, 1.0, Math.PI, 1e300, double.Epsilon, double.MaxValue, double.NegativeInfinity, double.NaN];
        foreach (double d in doubles)
        {
            yield return V(d);
        }
        foreach (int length in new[] { 0, 1, 31, 32, 255, 256, 65535, 65536, 70_000 })
        {
            yield return V(Text(length));
        }
        yield return V(new string('x', 31));
        yield return V(string.Concat(Enumerable.Repeat("é", 16)));
        foreach (int length in new[] { 0, 1, 255, 256, 65535, 65536 })
        {
            yield return MessagePackValue.Binary(Bytes(length));
        }
        // Every fixext size, the ext 8/16/32 boundaries, and reserved (negative) type codes other than -1,
        // which both peers decode as timestamps.
        foreach ((sbyte type, int length) in new (sbyte, int)[] { (1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 0), (7, 3), (127, 17), (-128, 255), (-2, 256), (42, 65536) })
        {
            yield return MessagePackValue.Extension(type, Bytes(length));
        }
        foreach (int count in new[] { 0, 15, 16, 65535, 65536 })
        {
            yield return MessagePackValue.Array([.. Enumerable.Range(0, count).Select(i => V(i % 200 - 100))]);
            yield return MessagePackValue.Map([.. Enumerable.Range(0, count).Select(i => KeyValuePair.Create(V($"k{i}"), V(i)))]);
        }
        MessagePackValue innermost = Map((V("c"), MessagePackValue.Binary([1])));
        MessagePackValue deep = Arr(V(1), Arr(V(2), Arr(V(3), innermost)));
        yield return Arr(Map((V("a"), Arr(Arr(), Map((V("b"), deep))))));
        yield return Reading(42);
    }
}
