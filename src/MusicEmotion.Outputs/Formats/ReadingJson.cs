using System.Text.Json;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Formats;

/// <summary>
/// One reading as a JSON object: the jsonl output of analyze and live, the WebSocket stream and the export
/// all write this, so tools parse one shape. Stable names: file, seq, t, arousal, valence, quadrant, label,
/// intensity, forecast ([[arousal, valence], ...]), forecast_s (their horizons), rms, flags. A missing
/// reading is written as null arousal/valence.
/// </summary>
public static class ReadingJson
{
    private static readonly JsonEncodedText File = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText Arousal = JsonEncodedText.Encode("arousal");
    private static readonly JsonEncodedText Valence = JsonEncodedText.Encode("valence");
    private static readonly JsonEncodedText QuadrantName = JsonEncodedText.Encode("quadrant");
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Intensity = JsonEncodedText.Encode("intensity");
    private static readonly JsonEncodedText Forecast = JsonEncodedText.Encode("forecast");
    private static readonly JsonEncodedText ForecastSeconds = JsonEncodedText.Encode("forecast_s");
    private static readonly JsonEncodedText Rms = JsonEncodedText.Encode("rms");
    private static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
    private static readonly JsonEncodedText Suggest = JsonEncodedText.Encode("suggest");
    private static readonly JsonEncodedText SuggestPath = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText SuggestScore = JsonEncodedText.Encode("score");

    /// <param name="writer">Where the object goes.</param>
    /// <param name="reading">The reading.</param>
    /// <param name="source">Value of "file": the input's path or device name; null leaves the key out.</param>
    /// <param name="horizonSeconds">The forecast's horizons, from the session's forecaster.</param>
    /// <param name="suggestions">With live suggestions (<c>--suggest</c>): adds "suggest", the top one as {path, score}, null before the first ranking.</param>
    public static void Write(
        Utf8JsonWriter writer, in EmotionReading reading, string? source, IReadOnlyList<double> horizonSeconds, LiveSuggestions? suggestions = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(horizonSeconds);
        writer.WriteStartObject();
        if (source is not null)
        {
            writer.WriteString(File, source);
        }
        writer.WriteNumber(Seq, reading.Sequence);
        writer.WriteNumber(Time, Math.Round(reading.StartTime, 3));
        WriteNumberOrNull(writer, Arousal, reading.Point.Arousal);
        WriteNumberOrNull(writer, Valence, reading.Point.Valence);
        if (reading.HasPoint)
        {
            writer.WriteString(QuadrantName, reading.Quadrant.Name());
        }
        else
        {
            writer.WriteNull(QuadrantName);
        }
        writer.WriteString(Label, reading.Label);
        WriteNumberOrNull(writer, Intensity, reading.Intensity);
        writer.WriteStartArray(Forecast);
        foreach (AffectPoint point in reading.ForecastSpan)
        {
            writer.WriteStartArray();
            WriteNumberOrNull(writer, point.Arousal);
            WriteNumberOrNull(writer, point.Valence);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteStartArray(ForecastSeconds);
        for (int i = 0; i < reading.ForecastCount && i < horizonSeconds.Count; i++)
        {
            writer.WriteNumberValue(horizonSeconds[i]);
        }
        writer.WriteEndArray();
        // Float WAV samples far outside [-1, 1] are finite but their mean square is not: JSON has no infinity.
        WriteNumberOrNull(writer, Rms, reading.Rms);
        writer.WriteStartArray(Flags);
        foreach (var (flag, name) in FrameFlagNames.All)
        {
            if ((reading.Flags & flag) != 0)
            {
                writer.WriteStringValue(name);
            }
        }
        writer.WriteEndArray();
        if (suggestions is not null)
        {
            if (suggestions.Top is { } top)
            {
                writer.WriteStartObject(Suggest);
                writer.WriteString(SuggestPath, top.Path);
                writer.WriteNumber(SuggestScore, Math.Round(top.Score, 4));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull(Suggest);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, JsonEncodedText name, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
