using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace MusicEmotion.Outputs.MessagePack;

/// <summary>
/// One whole MessagePack value as an immutable tree, for tools that read data without knowing its layout
/// ahead (replay, export, the peer tests). It keeps what the type system distinguishes and nothing of the
/// encoding, except a float's width: a float 32 stays a float 32 when written back.
/// Equality is structural; floats compare by bits, so NaN equals the same NaN and 0.0 differs from -0.0.
/// </summary>
public sealed class MessagePackValue : IEquatable<MessagePackValue>
{
    // An integer's value, a boolean as 0/1, a float's raw IEEE 754 bits (so even a NaN's payload survives a
    // round trip), an extension's type code.
    private readonly Int128 _integer;
    private readonly object? _reference;

    private MessagePackValue(MessagePackType type, Int128 integer = default, object? reference = null, bool isSingle = false)
    {
        Type = type;
        _integer = integer;
        _reference = reference;
        IsSingle = isSingle;
    }

    public static MessagePackValue Nil { get; } = new(MessagePackType.Nil);

    public static MessagePackValue True { get; } = new(MessagePackType.Boolean, integer: 1);

    public static MessagePackValue False { get; } = new(MessagePackType.Boolean, integer: 0);

    public MessagePackType Type { get; }

    /// <summary>True for a float that is a float 32 (single precision).</summary>
    public bool IsSingle { get; }

    public bool AsBoolean => Type == MessagePackType.Boolean ? _integer == 1 : throw NotA("a boolean");

    /// <summary>An integer's value: MessagePack integers span -(2^63) to 2^64-1, so no 64-bit type holds them all.</summary>
    public Int128 AsInteger => Type == MessagePackType.Integer ? _integer : throw NotA("an integer");

    /// <summary>A float's value (a float 32 widened exactly), or an integer's nearest double.</summary>
    public double AsDouble => Type switch
    {
        MessagePackType.Float => IsSingle ? BitConverter.UInt32BitsToSingle((uint)_integer) : BitConverter.UInt64BitsToDouble((ulong)_integer),
        MessagePackType.Integer => (double)_integer,
        _ => throw NotA("a number"),
    };

    public string AsString => Type == MessagePackType.String ? (string)_reference! : throw NotA("a string");

    /// <summary>The bytes of a bin or of an extension.</summary>
    public ReadOnlyMemory<byte> AsBytes =>
        Type is MessagePackType.Binary or MessagePackType.Extension ? (byte[])_reference! : throw NotA("bin or ext");

    public sbyte ExtensionTypeCode => Type == MessagePackType.Extension ? (sbyte)_integer : throw NotA("an extension");

    public IReadOnlyList<MessagePackValue> Items =>
        Type == MessagePackType.Array ? (MessagePackValue[])_reference! : throw NotA("an array");

    public IReadOnlyList<KeyValuePair<MessagePackValue, MessagePackValue>> Entries =>
        Type == MessagePackType.Map ? (KeyValuePair<MessagePackValue, MessagePackValue>[])_reference! : throw NotA("a map");

    /// <summary>The value under a string key of a map, or null when the key is absent.</summary>
    public MessagePackValue? this[string key] =>
        Entries.FirstOrDefault(e => e.Key.Type == MessagePackType.String && e.Key.AsString == key).Value;

    public static MessagePackValue From(bool value) => value ? True : False;

    public static MessagePackValue From(long value) => new(MessagePackType.Integer, integer: value);

    public static MessagePackValue From(ulong value) => new(MessagePackType.Integer, integer: value);

    public static MessagePackValue From(float value) =>
        new(MessagePackType.Float, integer: BitConverter.SingleToUInt32Bits(value), isSingle: true);

    public static MessagePackValue From(double value) => new(MessagePackType.Float, integer: BitConverter.DoubleToUInt64Bits(value));

    public static MessagePackValue From(string value) =>
        new(MessagePackType.String, reference: value ?? throw new ArgumentNullException(nameof(value)));

    public static MessagePackValue Binary(ReadOnlySpan<byte> data) => new(MessagePackType.Binary, reference: data.ToArray());

    public static MessagePackValue Extension(sbyte typeCode, ReadOnlySpan<byte> data) =>
        new(MessagePackType.Extension, integer: typeCode, reference: data.ToArray());

    public static MessagePackValue Array(params ReadOnlySpan<MessagePackValue> items) =>
        new(MessagePackType.Array, reference: items.ToArray());

    public static MessagePackValue Map(params ReadOnlySpan<KeyValuePair<MessagePackValue, MessagePackValue>> entries) =>
        new(MessagePackType.Map, reference: entries.ToArray());

    /// <summary>
    /// Reads the next whole value. The reader's limits bound every allocation (lengths and counts are checked
    /// against the limits and the bytes left first) and the nesting depth; on failure the reader stays put.
    /// </summary>
    public static MessagePackValue Read(ref MessagePackReader reader)
    {
        MessagePackReader before = reader;
        try
        {
            return Read(ref reader, depth: 1);
        }
        catch (MessagePackFormatException)
        {
            reader = before;
            throw;
        }
    }

    /// <summary>Writes the value in the smallest format that holds it; the caller flushes the writer.</summary>
    public void WriteTo(ref MessagePackWriter writer)
    {
        switch (Type)
        {
            case MessagePackType.Nil:
                writer.WriteNil();
                break;
            case MessagePackType.Boolean:
                writer.Write(AsBoolean);
                break;
            case MessagePackType.Integer when _integer < 0:
                writer.Write((long)_integer);
                break;
            case MessagePackType.Integer:
                writer.Write((ulong)_integer);
                break;
            case MessagePackType.Float when IsSingle:
                writer.Write(BitConverter.UInt32BitsToSingle((uint)_integer));
                break;
            case MessagePackType.Float:
                writer.Write(BitConverter.UInt64BitsToDouble((ulong)_integer));
                break;
            case MessagePackType.String:
                writer.Write(AsString);
                break;
            case MessagePackType.Binary:
                writer.Write(AsBytes.Span);
                break;
            case MessagePackType.Extension:
                writer.WriteExtensionFormatHeader(new ExtensionHeader(ExtensionTypeCode, (uint)AsBytes.Length));
                writer.WriteRaw(AsBytes.Span);
                break;
            case MessagePackType.Array:
                writer.WriteArrayHeader(Items.Count);
                foreach (MessagePackValue item in Items)
                {
                    item.WriteTo(ref writer);
                }
                break;
            default:
                writer.WriteMapHeader(Entries.Count);
                foreach ((MessagePackValue key, MessagePackValue value) in Entries)
                {
                    key.WriteTo(ref writer);
                    value.WriteTo(ref writer);
                }
                break;
        }
    }

    public bool Equals(MessagePackValue? other) =>
        other is not null && Type == other.Type && Type switch
        {
            MessagePackType.Nil => true,
            MessagePackType.Boolean or MessagePackType.Integer => _integer == other._integer,
            MessagePackType.Float => _integer == other._integer && IsSingle == other.IsSingle,
            MessagePackType.String => AsString == other.AsString,
            MessagePackType.Binary or MessagePackType.Extension =>
                _integer == other._integer && AsBytes.Span.SequenceEqual(other.AsBytes.Span),
            MessagePackType.Array => Items.SequenceEqual(other.Items),
            _ => Entries.Count == other.Entries.Count
                && Entries.Zip(other.Entries).All(p => p.First.Key.Equals(p.Second.Key) && p.First.Value.Equals(p.Second.Value)),
        };

    public override bool Equals(object? obj) => Equals(obj as MessagePackValue);

    public override int GetHashCode() => HashCode.Combine(Type, _integer, _reference as string);

    /// <summary>A JSON-like rendering for messages and logs: bin as bin(hex), ext as ext(type, hex).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text);
        return text.ToString();
    }

    private static MessagePackValue Read(ref MessagePackReader reader, int depth)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return Nil;
            case MessagePackType.Boolean:
                return From(reader.ReadBoolean());
            case MessagePackType.Integer:
                return new(MessagePackType.Integer, integer: reader.ReadInteger());
            case MessagePackType.Float when reader.NextCode == MessagePackCode.Float32:
                return From(reader.ReadSingle());
            case MessagePackType.Float:
                return From(reader.ReadDouble());
            case MessagePackType.String:
                return From(reader.ReadString());
            case MessagePackType.Binary:
                return new(MessagePackType.Binary, reference: reader.ReadBinary().ToArray());
            case MessagePackType.Extension:
                byte[] data = reader.ReadExtension(out sbyte typeCode).ToArray();
                return new(MessagePackType.Extension, integer: typeCode, reference: data);
            case MessagePackType.Array:
                reader.CheckDepth(depth);
                var items = new MessagePackValue[reader.ReadArrayHeader()];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Read(ref reader, depth + 1);
                }
                return new(MessagePackType.Array, reference: items);
            case MessagePackType.Map:
                reader.CheckDepth(depth);
                var entries = new KeyValuePair<MessagePackValue, MessagePackValue>[reader.ReadMapHeader()];
                for (int i = 0; i < entries.Length; i++)
                {
                    MessagePackValue key = Read(ref reader, depth + 1);
                    entries[i] = new(key, Read(ref reader, depth + 1));
                }
                return new(MessagePackType.Map, reference: entries);
            default:
                throw reader.UnexpectedValue();
        }
    }

    private void Append(StringBuilder text)
    {
        switch (Type)
        {
            case MessagePackType.Nil:
                text.Append("null");
                break;
            case MessagePackType.Boolean:
                text.Append(AsBoolean ? "true" : "false");
                break;
            case MessagePackType.Integer:
                text.Append(_integer.ToString(CultureInfo.InvariantCulture));
                break;
            case MessagePackType.Float:
                text.Append(IsSingle ? ((float)AsDouble).ToString("R", CultureInfo.InvariantCulture) + "f"
                    : AsDouble.ToString("R", CultureInfo.InvariantCulture));
                break;
            case MessagePackType.String:
                text.Append('"').Append(JsonEncodedText.Encode(AsString).ToString()).Append('"');
                break;
            case MessagePackType.Binary:
                text.Append("bin(").Append(Convert.ToHexString(AsBytes.Span)).Append(')');
                break;
            case MessagePackType.Extension:
                text.Append("ext(").Append(ExtensionTypeCode).Append(", ").Append(Convert.ToHexString(AsBytes.Span)).Append(')');
                break;
            case MessagePackType.Array:
                text.Append('[');
                for (int i = 0; i < Items.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Items[i].Append(text);
                }
                text.Append(']');
                break;
            default:
                text.Append('{');
                for (int i = 0; i < Entries.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Entries[i].Key.Append(text);
                    text.Append(": ");
                    Entries[i].Value.Append(text);
                }
                text.Append('}');
                break;
        }
    }

    private InvalidOperationException NotA(string expected) =>
        new($"the MessagePack value is {Type}, not {expected}");
}
