using System.Globalization;
using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Formats;

/// <summary>
/// One plain line per reading as it arrives, for watching a stream (a replay, a live session) in a terminal:
/// <c>0:12.5  arousal +0.412  valence -0.138  active-negative  tense  next +0.400 -0.150  rms 0.081</c>, flags last.
/// </summary>
public sealed class ReadingLineSink(TextWriter output) : IReadingSink
{
    private readonly TextWriter _output = output ?? throw new ArgumentNullException(nameof(output));

    public string Name => "line";

    public void Start(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _output.WriteLine(
            $"# {session.Source}: model {session.Engine.ModelName} ({session.Engine.Engine}, {session.Engine.Provider}), forecast {session.Forecaster.Source}");
        _output.Flush();
    }

    public void Write(in EmotionReading reading)
    {
        ReadOnlySpan<AffectPoint> forecast = reading.ForecastSpan;
        string next = forecast.IsEmpty ? "" : $"  next {ReadingText.Signed(forecast[^1].Arousal)} {ReadingText.Signed(forecast[^1].Valence)}";
        string flags = string.Concat(FrameFlagNames.ToNames(reading.Flags).Select(flag => "  " + flag));
        _output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{ReadingText.Clock(reading.StartTime)}  arousal {ReadingText.Signed(reading.Point.Arousal)}  valence {ReadingText.Signed(reading.Point.Valence)}  "
            + $"{(reading.HasPoint ? reading.Quadrant.Name() : "-")}  {reading.Label}{next}  rms {reading.Rms:0.000}{flags}"));
        _output.Flush();
    }

    public void Complete(SessionSummary summary) => _output.Flush();
}
