using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Round-trip properties (FsCheck) over every value type and size: what the writer writes, the reader reads
/// back unchanged, in the smallest format, whatever the segment boundaries.
/// </summary>
public sealed class MessagePackRoundTripProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    /// <summary>Byte lengths on both sides of every str/bin boundary, plus small random ones.</summary>
    private static readonly Gen<int> Lengths = Gen.OneOf(
        Gen.Elements(0, 1, 30, 31, 32, 33, 254, 255, 256, 257, 65534, 65535, 65536, 65537),
        Gen.Choose(0, 300));

    /// <summary>Integers of every width: a random 64-bit pattern cut to a random number of bits, either sign.</summary>
    private static readonly Gen<Int128> Integers = Gen.OneOf(
        Gen.Elements([.. MessagePackSamples.Integers]),
        from bits in Gen.Choose(0, 64)
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        from negative in Gen.Elements(false, true)
        let pattern = ((ulong)(uint)high << 32 | (uint)low) >> (64 - bits)
        select negative ? (Int128)unchecked((long)(pattern | (bits == 64 ? 0 : ulong.MaxValue << bits))) : (Int128)pattern);

    private static readonly Gen<ulong> BitPatterns =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select (ulong)(uint)high << 32 | (uint)low;

    private static readonly Gen<string> Texts =
        from length in Lengths
        from seed in Gen.Choose(0, int.MaxValue)
        select RandomText(length, seed);

    [Fact]
    public void IntegersRoundTripInTheirSmallestFormat() =>
        Prop.ForAll(Integers.ToArbitrary(), value =>
        {
            byte[] bytes = MessagePackBytes.Encode(MessagePackSamples.V(value));
            var reader = new MessagePackReader(bytes);
            return MessagePackValue.Read(ref reader).AsInteger == value && reader.End && bytes.Length == SmallestIntegerSize(value);
        }).Check(Quick);

    [Fact]
    public void FloatsRoundTripBitForBitNaNPayloadsIncluded() =>
        Prop.ForAll(BitPatterns.ToArbitrary(), bits =>
        {
            float single = BitConverter.UInt32BitsToSingle((uint)bits);
            double dbl = BitConverter.UInt64BitsToDouble(bits);
            var reader = new MessagePackReader(MessagePackBytes.Encode(MessagePackValue.From(single), MessagePackValue.From(dbl)));
            return BitConverter.SingleToUInt32Bits(reader.ReadSingle()) == (uint)bits
                && BitConverter.DoubleToUInt64Bits(reader.ReadDouble()) == bits;
        }).Check(Quick);

    [Fact]
    public void StringsRoundTripWithTheirUtf8Length() =>
        Prop.ForAll(Texts.ToArbitrary(), text =>
        {
            byte[] bytes = MessagePackBytes.Encode(MessagePackValue.From(text));
            int utf8 = Encoding.UTF8.GetByteCount(text);
            int header = utf8 <= 31 ? 1 : utf8 <= byte.MaxValue ? 2 : utf8 <= ushort.MaxValue ? 3 : 5;
            return new MessagePackReader(bytes).ReadString() == text && bytes.Length == header + utf8;
        }).Check(Quick.WithMaxTest(100));

    [Fact]
    public void BinariesAndExtensionsRoundTrip() =>
        Prop.ForAll(Lengths.ToArbitrary(), Gen.Choose(sbyte.MinValue, sbyte.MaxValue).ToArbitrary(), (length, type) =>
        {
            byte[] data = MessagePackSamples.Bytes(length);
            var reader = new MessagePackReader(MessagePackBytes.Encode(MessagePackValue.Binary(data), MessagePackValue.Extension((sbyte)type, data)));
            return reader.ReadBinary().ToArray().SequenceEqual(data)
                && reader.ReadExtension(out sbyte readType).ToArray().SequenceEqual(data)
                && readType == type;
        }).Check(Quick.WithMaxTest(100));

    [Fact]
    public void TreesRoundTripAndSkipInOneStepAcrossAnySegments() =>
        Prop.ForAll(Gen.Sized(Tree).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (tree, segment) =>
        {
            byte[] bytes = MessagePackBytes.Encode(tree);
            ReadOnlySequence<byte> segmented = MessagePackBytes.Segmented(bytes, segment, 1, 2 * segment);
            var reader = new MessagePackReader(segmented);
            var skipper = new MessagePackReader(segmented);
            skipper.Skip();
            return MessagePackValue.Read(ref reader).Equals(tree) && reader.End && skipper.End;
        }).Check(Quick);

    private static int SmallestIntegerSize(Int128 value) =>
        value >= -32 && value <= 127 ? 1
        : value >= sbyte.MinValue && value <= byte.MaxValue ? 2
        : value >= short.MinValue && value <= ushort.MaxValue ? 3
        : value >= int.MinValue && value <= uint.MaxValue ? 5
        : 9;

    private static Gen<MessagePackValue> Tree(int size)
    {
        Gen<MessagePackValue> leaf = Gen.OneOf(
            Gen.Constant(MessagePackValue.Nil),
            Gen.Elements(MessagePackValue.True, MessagePackValue.False),
            Integers.Select(MessagePackSamples.V),
            BitPatterns.Select(bits => MessagePackValue.From(BitConverter.UInt32BitsToSingle((uint)bits))),
            BitPatterns.Select(bits => MessagePackValue.From(BitConverter.UInt64BitsToDouble(bits))),
            Gen.Choose(0, 40).Select(n => MessagePackValue.From(RandomText(n, n))),
            Gen.Choose(0, 20).Select(n => MessagePackValue.Binary(MessagePackSamples.Bytes(n))),
            Gen.Choose(0, 20).Select(n => MessagePackValue.Extension((sbyte)(n - 10), MessagePackSamples.Bytes(n))));
        if (size <= 1)
        {
            return leaf;
        }
        Gen<MessagePackValue> child = Gen.Sized(s => Tree(s / 2)).Resize(size / 2);
        Gen<MessagePackValue> array = Gen.Choose(0, 20).SelectMany(n => child.ArrayOf(n)).Select(items => MessagePackValue.Array(items));
        Gen<MessagePackValue> map =
            from n in Gen.Choose(0, 18)
            from keys in child.ArrayOf(n)
            from values in child.ArrayOf(n)
            select MessagePackValue.Map([.. keys.Zip(values, KeyValuePair.Create)]);
        return Gen.Frequency((3, leaf), (1, array), (1, map));
    }

    /// <summary>Well-formed text from every UTF-8 width (no lone surrogates, which UTF-8 cannot carry).</summary>
    private static string RandomText(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(random.Next(5) switch
            {
                0 => char.ConvertFromUtf32(random.Next(0x20, 0x7f)),
                1 => char.ConvertFromUtf32(random.Next(0x80, 0x800)),
                2 => char.ConvertFromUtf32(random.Next(0x800, 0xd800)),
                3 => char.ConvertFromUtf32(random.Next(0xe000, 0x10000)),
                _ => char.ConvertFromUtf32(random.Next(0x10000, 0x110000)),
            });
        }
        return text.ToString();
    }
}
