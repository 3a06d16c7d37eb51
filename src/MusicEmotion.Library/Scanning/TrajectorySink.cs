using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Library.Scanning;

/// <summary>Keeps every reading of one track as the catalog stores it.</summary>
internal sealed class TrajectorySink : IReadingSink
{
    private readonly List<TrajectoryPoint> _points = [];

    public string Name => "library";

    public IReadOnlyList<TrajectoryPoint> Points => _points;

    public void Start(SessionInfo session) => _points.Clear();

    public void Write(in EmotionReading reading) =>
        _points.Add(new TrajectoryPoint((float)reading.StartTime, reading.Point.Arousal, reading.Point.Valence, reading.Rms, reading.Flags));

    public void Complete(SessionSummary summary)
    {
    }
}
