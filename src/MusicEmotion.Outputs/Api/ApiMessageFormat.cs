namespace MusicEmotion.Outputs.Api;

/// <summary>How a WebSocket client wants each reading: ?format=json (text) or ?format=msgpack (binary).</summary>
public enum ApiMessageFormat
{
    /// <summary>A text message with the JSON object of <see cref="Formats.ReadingJson"/>, as analyze -f jsonl writes it.</summary>
    Json,

    /// <summary>A binary message with the reading map of <see cref="Recording.RecordingFormat"/>, as a recording holds it.</summary>
    MessagePack,
}
