using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// The JSON description of a value that the MessagePack peer scripts (tools/peers/) print: both sides
/// describe what they hold, and the test compares the two value by value.
/// </summary>
internal static class PeerDescription
{
    /// <summary>
    /// Python keeps integers and floats apart; JavaScript has one number type, so for it both become
    /// {"num": exact decimal of an integral value, else the double's bits} (see msgpack_peer.cjs).
    /// </summary>
    public static JsonNode? Of(MessagePackValue value, bool javaScriptNumbers) => value.Type switch
    {
        MessagePackType.Nil => null,
        MessagePackType.Boolean => JsonValue.Create(value.AsBoolean),
        MessagePackType.Integer when javaScriptNumbers => Tagged("num", value.AsInteger.ToString(CultureInfo.InvariantCulture)),
        MessagePackType.Integer => Tagged("int", value.AsInteger.ToString(CultureInfo.InvariantCulture)),
        MessagePackType.Float when javaScriptNumbers => Tagged("num", JavaScriptNumber(value.AsDouble)),
        MessagePackType.Float => Tagged("float", Bits(value.AsDouble)),
        MessagePackType.String => Tagged("str", value.AsString),
        MessagePackType.Binary => Tagged("bin", Hex(value.AsBytes)),
        MessagePackType.Extension => new JsonObject { ["ext"] = (int)value.ExtensionTypeCode, ["hex"] = Hex(value.AsBytes) },
        MessagePackType.Array => new JsonArray([.. value.Items.Select(item => Of(item, javaScriptNumbers))]),
        _ => new JsonObject
        {
            ["map"] = new JsonArray([.. value.Entries.Select(e => (JsonNode)new JsonArray(Of(e.Key, javaScriptNumbers), Of(e.Value, javaScriptNumbers)))]),
        },
    };

    /// <summary>
    /// Compares the peer's descriptions with ours, one top-level value at a time, naming the first that
    /// differs (values are shown shortened: some are 65 536 entries long).
    /// </summary>
    public static void AssertSame(IReadOnlyList<MessagePackValue> ours, string peerJson, bool javaScriptNumbers, string peer)
    {
        JsonArray theirs = JsonNode.Parse(peerJson)!.AsArray();
        Assert.True(ours.Count == theirs.Count, $"{peer} has {theirs.Count} values, we have {ours.Count}");
        for (int i = 0; i < ours.Count; i++)
        {
            JsonNode? expected = Of(ours[i], javaScriptNumbers);
            Assert.True(
                JsonNode.DeepEquals(expected, theirs[i]),
                $"value #{i} differs: ours {Shorten(expected)}, {peer}'s {Shorten(theirs[i])}");
        }
    }

    private static JsonObject Tagged(string tag, string text) => new() { [tag] = text };

    private static string Bits(double value) =>
        double.IsNaN(value) ? "nan" : BitConverter.DoubleToUInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    private static string JavaScriptNumber(double value)
    {
        bool negativeZero = value == 0 && double.IsNegative(value);
        return double.IsInteger(value) && !negativeZero ? new BigInteger(value).ToString(CultureInfo.InvariantCulture) : Bits(value);
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Shorten(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "null";
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
