using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Tests.Outputs;

/// <summary>Recordings made in memory, and the comparison of what was recorded with what was read back.</summary>
internal static class RecordedReadings
{
    /// <summary>The bytes a <see cref="RecordingSink"/> writes for these sessions, and where each value ends.</summary>
    public static (byte[] Bytes, List<long> ValueEnds) Record(params (SessionInfo Session, IReadOnlyList<EmotionReading> Readings)[] sessions)
    {
        using var stream = new MemoryStream();
        using var sink = new RecordingSink(stream, "memory");
        var ends = new List<long>();
        foreach (var (session, readings) in sessions)
        {
            sink.Start(session);
            ends.Add(stream.Length);
            foreach (EmotionReading reading in readings)
            {
                sink.Write(reading);
                ends.Add(stream.Length);
            }
            sink.Complete(new SessionSummary { Counters = new PipelineCounters(), Latency = new LatencyReport() });
        }
        return (stream.ToArray(), ends);
    }

    public static void AssertSameSession(SessionInfo expected, RecordingHeader actual)
    {
        Assert.Equal(RecordingFormat.Version, actual.Version);
        Assert.Equal(RecordingFormat.AppVersion, actual.AppVersion);
        SessionInfo session = actual.Session;
        Assert.Equal(
            (expected.Source, expected.SourceKind, expected.SourceSampleRate, expected.Channels, expected.ModelSha256, expected.StartedUtc),
            (session.Source, session.SourceKind, session.SourceSampleRate, session.Channels, session.ModelSha256, session.StartedUtc));
        Assert.Equal(expected.Engine with { ModelPath = "", Note = "" }, session.Engine);
        Assert.Equal((expected.Forecaster.Source, expected.Forecaster.HistoryLength), (session.Forecaster.Source, session.Forecaster.HistoryLength));
        Assert.Equal(expected.Forecaster.HorizonSeconds, session.Forecaster.HorizonSeconds);
    }

    public static void AssertSameReadings(IReadOnlyList<EmotionReading> expected, IReadOnlyList<EmotionReading> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            AssertSameReading(expected[i], actual[i]);
        }
    }

    /// <summary>Every field a recording keeps, compared exactly; the timeline by its stage intervals.</summary>
    public static void AssertSameReading(EmotionReading expected, EmotionReading actual)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.WallTime, actual.WallTime);
        Assert.Equal(expected.Point, actual.Point);
        Assert.Equal(expected.Intensity, actual.Intensity);
        if (expected.HasPoint)
        {
            Assert.Equal(expected.Quadrant, actual.Quadrant);
        }
        Assert.Equal(expected.Label, actual.Label);
        Assert.Equal(expected.ForecastSpan.ToArray(), actual.ForecastSpan.ToArray());
        Assert.Equal(expected.Rms, actual.Rms);
        Assert.Equal(expected.Peak, actual.Peak);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(Intervals(expected.Timeline), Intervals(actual.Timeline));
    }

    private static long[] Intervals(FrameTimeline t) =>
        [t.Framed - t.Captured, t.Featured - t.Framed, t.Inferred - t.Featured, t.Published - t.Inferred];
}
