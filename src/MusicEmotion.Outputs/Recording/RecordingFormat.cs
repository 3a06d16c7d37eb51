using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MessagePack;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// The MessagePack layout of a session recording (version 1): a sequence of top-level maps, no framing, so
/// any MessagePack library reads it value by value and a file cut short loses only its last value.
/// A session is a header map followed by one map per reading; a file may hold several sessions in a row
/// (analyze of several files, serve looping over its input).
/// <para>Header: format ("musicemotion-recording"), version (1), app, model, model_sha256, model_signature
/// {frames, bands, state_layers, state_hidden}, engine, provider, forecaster, forecast_history, forecast_s [horizon
/// seconds], source, source_kind ("file"/"capture"), sample_rate (the source's), channels, start (ISO 8601 UTC),
/// frame_s (0.5).</para>
/// <para>Reading: seq, t (frame start, stream seconds, float 64), wall (Unix seconds, float 64), arousal and
/// valence (float 32, nil without a reading), quadrant (nil without a reading), label, forecast [[arousal,
/// valence], ...] (float 32), latency_us {framing, features, inference, publish, end-to-end} (microseconds,
/// float 64; a stage not measured is left out), rms and peak (linear, float 32), flags [names].</para>
/// The same reading map is the WebSocket API's MessagePack message. Readers skip keys they do not know, so
/// fields may be added without a new version.
/// </summary>
public static class RecordingFormat
{
    public const string FormatName = "musicemotion-recording";

    public const int Version = 1;

    /// <summary>"musicemotion 0.1.0+commit": the build that wrote a recording.</summary>
    public static string AppVersion { get; } = "musicemotion " + (
        typeof(RecordingFormat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RecordingFormat).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>Keys of latency_us, in <see cref="FrameTimeline"/> order.</summary>
    internal static IReadOnlyList<string> LatencyStages { get; } = ["framing", "features", "inference", "publish"];

    internal const string EndToEnd = "end-to-end";

    /// <summary>
    /// Where a timeline rebuilt from recorded latencies starts: any non-zero tick count would do, since only the
    /// differences between stamps carry meaning.
    /// </summary>
    internal const long TimelineOrigin = 1;

    public static void WriteHeader(ref MessagePackWriter writer, SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        EngineInfo engine = session.Engine;
        writer.WriteMapHeader(17);
        writer.WriteString("format"u8);
        writer.Write(FormatName);
        writer.WriteString("version"u8);
        writer.Write((long)Version);
        writer.WriteString("app"u8);
        writer.Write(AppVersion);
        writer.WriteString("model"u8);
        writer.Write(engine.ModelName);
        writer.WriteString("model_sha256"u8);
        writer.Write(session.ModelSha256);
        writer.WriteString("model_signature"u8);
        writer.WriteMapHeader(4);
        writer.WriteString("frames"u8);
        writer.Write((long)engine.Signature.Frames);
        writer.WriteString("bands"u8);
        writer.Write((long)engine.Signature.Bands);
        writer.WriteString("state_layers"u8);
        writer.Write((long)engine.Signature.StateLayers);
        writer.WriteString("state_hidden"u8);
        writer.Write((long)engine.Signature.StateHidden);
        writer.WriteString("engine"u8);
        writer.Write(engine.Engine);
        writer.WriteString("provider"u8);
        writer.Write(engine.Provider);
        writer.WriteString("forecaster"u8);
        writer.Write(session.Forecaster.Source);
        writer.WriteString("forecast_history"u8);
        writer.Write((long)session.Forecaster.HistoryLength);
        writer.WriteString("forecast_s"u8);
        writer.WriteArrayHeader(session.Forecaster.HorizonSeconds.Count);
        foreach (double horizon in session.Forecaster.HorizonSeconds)
        {
            writer.Write(horizon);
        }
        writer.WriteString("source"u8);
        writer.Write(session.Source);
        writer.WriteString("source_kind"u8);
        writer.Write(SourceKinds.Name(session.SourceKind));
        writer.WriteString("sample_rate"u8);
        writer.Write((long)session.SourceSampleRate);
        writer.WriteString("channels"u8);
        writer.Write((long)session.Channels);
        writer.WriteString("start"u8);
        writer.Write(session.StartedUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        writer.WriteString("frame_s"u8);
        writer.Write(FrameLayout.FrameSeconds);
    }

    /// <summary>One reading as a map; allocates nothing.</summary>
    public static void WriteReading(ref MessagePackWriter writer, in EmotionReading reading)
    {
        writer.WriteMapHeader(12);
        writer.WriteString("seq"u8);
        writer.Write(reading.Sequence);
        writer.WriteString("t"u8);
        writer.Write(reading.StartTime);
        writer.WriteString("wall"u8);
        writer.Write(reading.WallTime);
        writer.WriteString("arousal"u8);
        WriteFloatOrNil(ref writer, reading.Point.Arousal);
        writer.WriteString("valence"u8);
        WriteFloatOrNil(ref writer, reading.Point.Valence);
        writer.WriteString("quadrant"u8);
        if (reading.HasPoint)
        {
            writer.Write(reading.Quadrant.Name());
        }
        else
        {
            writer.WriteNil();
        }
        writer.WriteString("label"u8);
        writer.Write(reading.Label ?? "unknown");
        writer.WriteString("forecast"u8);
        ReadOnlySpan<AffectPoint> forecast = reading.ForecastSpan;
        writer.WriteArrayHeader(forecast.Length);
        foreach (AffectPoint point in forecast)
        {
            writer.WriteArrayHeader(2);
            writer.Write(point.Arousal);
            writer.Write(point.Valence);
        }
        writer.WriteString("latency_us"u8);
        WriteLatency(ref writer, reading.Timeline);
        writer.WriteString("rms"u8);
        writer.Write(reading.Rms);
        writer.WriteString("peak"u8);
        writer.Write(reading.Peak);
        writer.WriteString("flags"u8);
        int flags = 0;
        foreach (var (flag, _) in FrameFlagNames.All)
        {
            flags += (reading.Flags & flag) != 0 ? 1 : 0;
        }
        writer.WriteArrayHeader(flags);
        foreach (var (flag, name) in FrameFlagNames.All)
        {
            if ((reading.Flags & flag) != 0)
            {
                writer.Write(name);
            }
        }
    }

    /// <summary>Microseconds between two stamps, or null when either was never set.</summary>
    internal static double? Microseconds(long from, long to) =>
        from == 0 || to == 0 ? null : FrameTimeline.TicksToMicroseconds(to - from);

    /// <summary>Stopwatch ticks for a recorded number of microseconds.</summary>
    internal static long Ticks(double microseconds) => (long)Math.Round(microseconds * Stopwatch.Frequency / 1e6);

    private static void WriteLatency(ref MessagePackWriter writer, in FrameTimeline timeline)
    {
        ReadOnlySpan<long> stamps = [timeline.Captured, timeline.Framed, timeline.Featured, timeline.Inferred, timeline.Published];
        int count = 0;
        for (int stage = 0; stage < LatencyStages.Count; stage++)
        {
            count += Microseconds(stamps[stage], stamps[stage + 1]) is null ? 0 : 1;
        }
        double? endToEnd = Microseconds(timeline.Captured, timeline.Published);
        writer.WriteMapHeader(count + (endToEnd is null ? 0 : 1));
        for (int stage = 0; stage < LatencyStages.Count; stage++)
        {
            if (Microseconds(stamps[stage], stamps[stage + 1]) is { } microseconds)
            {
                writer.Write(LatencyStages[stage]);
                writer.Write(microseconds);
            }
        }
        if (endToEnd is { } total)
        {
            writer.Write(EndToEnd);
            writer.Write(total);
        }
    }

    private static void WriteFloatOrNil(ref MessagePackWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.Write(value);
        }
        else
        {
            writer.WriteNil();
        }
    }
}
