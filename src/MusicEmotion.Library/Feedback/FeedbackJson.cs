using System.Text.Json;

namespace MusicEmotion.Library.Feedback;

/// <summary>A label as one JSON object: a line of <c>feedback export</c>, and serve's answer to POST /feedback.</summary>
public static class FeedbackJson
{
    public static void Write(Utf8JsonWriter json, FeedbackLabel label)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(label);
        json.WriteStartObject();
        json.WriteNumber("id", label.Id);
        json.WriteString("content_hash", label.ContentHash);
        json.WriteString("path", label.Path);
        if (label.AtSeconds is { } s)
        {
            json.WriteNumber("at", s);
        }
        else
        {
            json.WriteNull("at");
        }
        json.WriteNumber("felt_arousal", label.Felt.Arousal);
        json.WriteNumber("felt_valence", label.Felt.Valence);
        json.WriteString("class", label.Class);
        json.WriteNumber("reading_arousal", label.Reading.Arousal);
        json.WriteNumber("reading_valence", label.Reading.Valence);
        json.WriteString("model_sha256", label.ModelSha256);
        json.WriteEndObject();
    }
}
