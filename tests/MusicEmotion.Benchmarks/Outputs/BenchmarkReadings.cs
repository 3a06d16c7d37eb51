using System.Diagnostics;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Benchmarks.Outputs;

/// <summary>Readings and a session shaped like the pipeline's: a moving point, a four-step forecast, every stage stamped.</summary>
public static class BenchmarkReadings
{
    public static SessionInfo Session { get; } = new(
        "set.wav", SourceKind.File, 44_100, 2,
        new EngineInfo("managed", "managed", "stateful_random", "stateful_random.onnx", new ModelSignature(44, 128, 2, 32)),
        new ForecastInfo(ForecastInfo.LinearTrendName, 10, [0.5, 1.0, 1.5, 2.0], ForecasterKind.LinearTrend),
        new string('0', 64),
        DateTimeOffset.UnixEpoch.AddYears(55));

    public static EmotionReading Reading(int seq)
    {
        var point = new AffectPoint(0.8f * MathF.Sin(seq * 0.7f), 0.6f * MathF.Cos(seq * 0.3f));
        long captured = Stopwatch.GetTimestamp();
        var reading = new EmotionReading
        {
            Sequence = seq,
            StartTime = seq * 0.5,
            WallTime = 1.76e9 + (seq * 0.5),
            Point = point,
            Quadrant = Circumplex.QuadrantOf(point),
            Label = Circumplex.Label(point),
            Intensity = Circumplex.Intensity(point),
            Rms = 0.1f,
            Peak = 0.4f,
            ForecastCount = 4,
            Timeline = new() { Captured = captured, Framed = captured + 3_000, Featured = captured + 900_000, Inferred = captured + 1_000_000, Published = captured + 1_004_000 },
        };
        for (int step = 0; step < 4; step++)
        {
            reading.Forecast[step] = new AffectPoint(point.Arousal + (0.05f * step), point.Valence - (0.04f * step));
        }
        return reading;
    }
}
