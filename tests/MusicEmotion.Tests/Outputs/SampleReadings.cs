using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Readings and sessions as the pipeline makes them, varied on purpose: points that sweep the circle, a frame
/// without a reading every seventh, flags, a four-point forecast, and a timeline with a stamp for every stage.
/// </summary>
internal static class SampleReadings
{
    public static readonly DateTimeOffset Start = new(2025, 11, 22, 10, 15, 30, 250, TimeSpan.Zero);

    public static SessionInfo Session(string source = "set.wav", int forecastSteps = 4) => new(
        source,
        SourceKind.File,
        48_000,
        2,
        new EngineInfo("managed", "managed", "stateful_random", "/models/stateful_random.onnx", new ModelSignature(44, 128, 2, 32)),
        new ForecastInfo(ForecastInfo.LinearTrendName, 10, [.. Enumerable.Range(1, forecastSteps).Select(i => 0.5 * i)], ForecasterKind.LinearTrend),
        "3bd6a26cf09594a999e58ccc2fba39f8cf6107b3832cc20fc22059c09cb8805d",
        Start);

    public static EmotionReading Reading(int seq)
    {
        bool hasPoint = seq % 7 != 6;
        var point = hasPoint
            ? new AffectPoint(0.8f * MathF.Sin(seq * 0.7f), 0.6f * MathF.Cos(seq * 0.3f))
            : new AffectPoint(float.NaN, float.NaN);
        long ticksPerMillisecond = Stopwatch.Frequency / 1000;
        long captured = 1_000_000 + (seq * 500 * ticksPerMillisecond);
        var reading = new EmotionReading
        {
            Sequence = seq,
            StartTime = seq * 0.5,
            WallTime = Start.ToUnixTimeMilliseconds() / 1e3 + (seq * 0.5) + 0.5123,
            Point = point,
            Quadrant = Circumplex.QuadrantOf(point),
            Label = Circumplex.Label(point),
            Intensity = Circumplex.Intensity(point),
            Peak = 0.05f + (seq % 10 * 0.09f),
            Rms = 0.01f + (seq % 10 * 0.03f),
            Flags = (seq % 5 == 0 ? FrameFlags.Silence : FrameFlags.None)
                | (hasPoint ? FrameFlags.None : FrameFlags.InvalidFeatures)
                | (seq % 11 == 3 ? FrameFlags.StateReset | FrameFlags.ConstantFeatures : FrameFlags.None),
            Timeline = new FrameTimeline
            {
                Captured = captured,
                Framed = captured + (3 * ticksPerMillisecond) + seq,
                Featured = captured + (5 * ticksPerMillisecond) + (7 * seq),
                Inferred = captured + (6 * ticksPerMillisecond) + (11 * seq),
                Published = captured + (6 * ticksPerMillisecond) + (13 * seq) + 100,
            },
        };
        if (hasPoint)
        {
            for (int step = 0; step < 4; step++)
            {
                reading.Forecast[step] = new AffectPoint(point.Arousal + (0.05f * step), point.Valence - (0.04f * step));
            }
            reading.ForecastCount = 4;
        }
        return reading;
    }

    public static IReadOnlyList<EmotionReading> Readings(int count) => [.. Enumerable.Range(0, count).Select(Reading)];
}
