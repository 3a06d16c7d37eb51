using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Compares a recording as a peer script describes it in JSON ({"sessions": [{"header", "readings"}]}, keys as in
/// the file) with what the project wrote or read, field by field. JSON carries every double exactly both ways
/// (Python and JavaScript print the shortest text that reads back to the same double).
/// </summary>
internal static class RecordingJson
{
    /// <summary>The peer decoded <paramref name="sessions"/>, written by the project, to exactly these values.</summary>
    public static void AssertDecodedAs(string peerJson, params (SessionInfo Session, IReadOnlyList<EmotionReading> Readings)[] sessions)
    {
        JsonElement[] decoded = Sessions(peerJson);
        Assert.Equal(sessions.Length, decoded.Length);
        for (int s = 0; s < sessions.Length; s++)
        {
            var (session, readings) = sessions[s];
            JsonElement header = decoded[s].GetProperty("header");
            Assert.Equal(RecordingFormat.AppVersion, header.GetProperty("app").GetString());
            AssertHeader(header, session);
            JsonElement[] peerReadings = [.. decoded[s].GetProperty("readings").EnumerateArray()];
            Assert.Equal(readings.Count, peerReadings.Length);
            for (int i = 0; i < readings.Count; i++)
            {
                AssertReading(peerReadings[i], readings[i]);
            }
        }
    }

    /// <summary>The project read what the peer wrote as the values the peer says it wrote.</summary>
    public static void AssertReadAs(string peerJson, Recording recording)
    {
        Assert.Null(recording.Problem);
        JsonElement[] written = Sessions(peerJson);
        Assert.Equal(written.Length, recording.Sessions.Count);
        for (int s = 0; s < written.Length; s++)
        {
            RecordedSession recorded = recording.Sessions[s];
            JsonElement header = written[s].GetProperty("header");
            Assert.Equal(header.GetProperty("app").GetString(), recorded.Header.AppVersion);
            AssertHeader(header, recorded.Header.Session);
            JsonElement[] readings = [.. written[s].GetProperty("readings").EnumerateArray()];
            Assert.Equal(readings.Length, recorded.Readings.Count);
            for (int i = 0; i < readings.Length; i++)
            {
                AssertReading(readings[i], recorded.Readings[i]);
            }
        }
    }

    private static JsonElement[] Sessions(string peerJson) =>
        [.. JsonDocument.Parse(peerJson).RootElement.GetProperty("sessions").EnumerateArray()];

    private static void AssertHeader(JsonElement header, SessionInfo session)
    {
        Assert.Equal(RecordingFormat.FormatName, header.GetProperty("format").GetString());
        Assert.Equal(RecordingFormat.Version, header.GetProperty("version").GetInt32());
        Assert.Equal(session.Engine.ModelName, header.GetProperty("model").GetString());
        Assert.Equal(session.ModelSha256, header.GetProperty("model_sha256").GetString());
        JsonElement signature = header.GetProperty("model_signature");
        Assert.Equal(
            session.Engine.Signature,
            new ModelSignature(signature.GetProperty("frames").GetInt32(), signature.GetProperty("bands").GetInt32(),
                signature.GetProperty("state_layers").GetInt32(), signature.GetProperty("state_hidden").GetInt32()));
        Assert.Equal((session.Engine.Engine, session.Engine.Provider), (header.GetProperty("engine").GetString(), header.GetProperty("provider").GetString()));
        Assert.Equal(session.Forecaster.Source, header.GetProperty("forecaster").GetString());
        Assert.Equal(session.Forecaster.HistoryLength, header.GetProperty("forecast_history").GetInt32());
        Assert.Equal(session.Forecaster.HorizonSeconds, header.GetProperty("forecast_s").EnumerateArray().Select(h => h.GetDouble()));
        Assert.Equal((session.Source, SourceKinds.Name(session.SourceKind)), (header.GetProperty("source").GetString(), header.GetProperty("source_kind").GetString()));
        Assert.Equal((session.SourceSampleRate, session.Channels), (header.GetProperty("sample_rate").GetInt32(), header.GetProperty("channels").GetInt32()));
        Assert.Equal(session.StartedUtc, DateTimeOffset.Parse(header.GetProperty("start").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(FrameLayout.FrameSeconds, header.GetProperty("frame_s").GetDouble());
    }

    private static void AssertReading(JsonElement json, EmotionReading reading)
    {
        Assert.Equal(reading.Sequence, json.GetProperty("seq").GetInt64());
        Assert.Equal(reading.StartTime, json.GetProperty("t").GetDouble());
        Assert.Equal(reading.WallTime, json.GetProperty("wall").GetDouble());
        Assert.Equal(reading.Point.Arousal, Single(json.GetProperty("arousal")));
        Assert.Equal(reading.Point.Valence, Single(json.GetProperty("valence")));
        JsonElement quadrant = json.GetProperty("quadrant");
        Assert.Equal(reading.HasPoint ? reading.Quadrant.Name() : null, quadrant.ValueKind == JsonValueKind.Null ? null : quadrant.GetString());
        Assert.Equal(reading.Label, json.GetProperty("label").GetString());
        Assert.Equal(
            reading.ForecastSpan.ToArray(),
            json.GetProperty("forecast").EnumerateArray().Select(p => new AffectPoint(Single(p[0]), Single(p[1]))));
        Assert.Equal(reading.Rms, Single(json.GetProperty("rms")));
        Assert.Equal(reading.Peak, Single(json.GetProperty("peak")));
        Assert.Equal(FrameFlagNames.ToNames(reading.Flags), json.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        AssertLatency(json.GetProperty("latency_us"), reading.Timeline);
    }

    /// <summary>
    /// Each recorded stage against the reading's timeline: the timeline a file is read into keeps the stages'
    /// intervals to the tick, so both directions compare the intervals in ticks.
    /// </summary>
    private static void AssertLatency(JsonElement latency, FrameTimeline timeline)
    {
        ReadOnlySpan<long> stamps = [timeline.Captured, timeline.Framed, timeline.Featured, timeline.Inferred, timeline.Published];
        string[] stages = ["framing", "features", "inference", "publish"];
        for (int stage = 0; stage < stages.Length; stage++)
        {
            bool measured = stamps[stage] != 0 && stamps[stage + 1] != 0;
            Assert.Equal(measured, latency.TryGetProperty(stages[stage], out JsonElement microseconds));
            if (measured)
            {
                Assert.Equal(stamps[stage + 1] - stamps[stage], Ticks(microseconds.GetDouble()));
            }
        }
    }

    private static long Ticks(double microseconds) => (long)Math.Round(microseconds * Stopwatch.Frequency / 1e6);

    private static float Single(JsonElement value) => value.ValueKind == JsonValueKind.Null ? float.NaN : (float)value.GetDouble();
}
