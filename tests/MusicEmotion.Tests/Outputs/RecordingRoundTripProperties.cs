using FsCheck;
using FsCheck.Fluent;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Round trips of whole recordings (FsCheck): any session header and any readings the pipeline can make, with
/// every float bit pattern a field can hold, come back from the file exactly.
/// </summary>
public sealed class RecordingRoundTripProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static readonly Gen<float> AnyFloat =
        from bits in Gen.Choose(int.MinValue, int.MaxValue)
        select BitConverter.Int32BitsToSingle(bits);

    private static readonly Gen<float> FiniteFloat = AnyFloat.Where(float.IsFinite);

    private static readonly Gen<double> FiniteDouble =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        let value = BitConverter.UInt64BitsToDouble((ulong)(uint)high << 32 | (uint)low)
        where double.IsFinite(value)
        select value;

    /// <summary>What an engine gives: a point in range, anywhere on the float line, or no point at all.</summary>
    private static readonly Gen<AffectPoint> Points = Gen.Frequency(
        (4, from a in Gen.Choose(-1000, 1000) from v in Gen.Choose(-1000, 1000) select new AffectPoint(a / 1000f, v / 1000f)),
        (2, from a in FiniteFloat from v in FiniteFloat select new AffectPoint(a, v)),
        (1, Gen.Constant(new AffectPoint(float.NaN, float.NaN))));

    private static readonly Gen<string> Texts = Gen.Elements("calm", "", "neutral", "tense", "日本語 ✓", "🎵 set \"live\", room 2", new string('x', 300));

    private static readonly Gen<FrameTimeline> Timelines = Gen.OneOf(
        Gen.Constant(default(FrameTimeline)),
        from start in Gen.Choose(1, int.MaxValue)
        from framing in Gen.Choose(0, 50_000_000)
        from features in Gen.Choose(0, 50_000_000)
        from inference in Gen.Choose(0, 50_000_000)
        from publish in Gen.Choose(0, 1_000_000)
        select new FrameTimeline
        {
            Captured = start,
            Framed = (long)start + framing,
            Featured = (long)start + framing + features,
            Inferred = (long)start + framing + features + inference,
            Published = (long)start + framing + features + inference + publish,
        });

    private static readonly Gen<EmotionReading> Readings =
        from seq in Gen.Choose(0, int.MaxValue)
        from t in Gen.Choose(0, 2_000_000)
        from wall in FiniteDouble
        from point in Points
        from quadrant in Gen.Elements(Enum.GetValues<Quadrant>())
        from label in Texts
        from forecast in Gen.Choose(0, EmotionReading.MaxForecastSteps).SelectMany(n => AnyFloat.ArrayOf(2 * n))
        from levels in AnyFloat.ArrayOf(2)
        from flags in Gen.Choose(0, 15)
        from timeline in Timelines
        select Make(seq, t * 0.5, wall, point, quadrant, label, forecast, levels, (FrameFlags)flags, timeline);

    private static readonly Gen<SessionInfo> Sessions =
        from source in Texts
        from rate in Gen.Elements(8_000, 44_100, 48_000, 192_000)
        from channels in Gen.Choose(1, 8)
        from steps in Gen.Choose(0, EmotionReading.MaxForecastSteps)
        from seconds in Gen.Choose(0, int.MaxValue)
        select SampleReadings.Session(source, steps) with
        {
            SourceSampleRate = rate,
            Channels = channels,
            StartedUtc = DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(seconds % 9_999_999),
        };

    [Fact]
    public void AnySessionAndReadingsComeBackExactly() =>
        Prop.ForAll(Sessions.ToArbitrary(), Readings.ArrayOf().ToArbitrary(), (session, readings) =>
        {
            Recording recording = RecordingReader.Read(RecordedReadings.Record((session, readings)).Bytes, "property");
            Assert.Null(recording.Problem);
            RecordedSession recorded = Assert.Single(recording.Sessions);
            RecordedReadings.AssertSameSession(session, recorded.Header);
            RecordedReadings.AssertSameReadings(readings, recorded.Readings);
        }).Check(Quick);

    private static EmotionReading Make(
        long seq, double t, double wall, AffectPoint point, Quadrant quadrant, string label, float[] forecast, float[] levels, FrameFlags flags, FrameTimeline timeline)
    {
        var reading = new EmotionReading
        {
            Sequence = seq,
            StartTime = t,
            WallTime = wall,
            Point = point,
            Quadrant = quadrant,
            Label = label,
            Intensity = Circumplex.Intensity(point),
            Rms = levels[0],
            Peak = levels[1],
            Flags = flags,
            Timeline = timeline,
            ForecastCount = forecast.Length / 2,
        };
        for (int i = 0; i < reading.ForecastCount; i++)
        {
            reading.Forecast[i] = new AffectPoint(forecast[2 * i], forecast[(2 * i) + 1]);
        }
        return reading;
    }
}
