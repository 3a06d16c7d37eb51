using System.Collections.Concurrent;
using System.Diagnostics;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Tests.Outputs;

/// <summary>A sink that keeps what it is given, and when (counted from its session's start), for tests to inspect.</summary>
internal sealed class CollectingSink : IReadingSink
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public List<SessionInfo> Sessions { get; } = [];

    public ConcurrentQueue<(EmotionReading Reading, TimeSpan Elapsed)> Received { get; } = [];

    public IReadOnlyList<EmotionReading> Readings => [.. Received.Select(r => r.Reading)];

    public int Completed { get; private set; }

    public string Name => "collect";

    public void Start(SessionInfo session)
    {
        Sessions.Add(session);
        _clock.Restart();
    }

    public void Write(in EmotionReading reading) => Received.Enqueue((reading, _clock.Elapsed));

    public void Complete(SessionSummary summary) => Completed++;
}
