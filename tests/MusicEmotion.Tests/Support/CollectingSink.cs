using System.Collections.Concurrent;
using System.Diagnostics;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Tests.Support;

/// <summary>
/// A sink that keeps every reading with when it arrived (since its session started), the sessions and the summary;
/// optionally slow (a delay per reading) or broken (throws after some readings), to test how the pipeline copes.
/// Safe to read while the pipeline writes.
/// </summary>
internal sealed class CollectingSink(string name = "collect", TimeSpan delay = default, int failAfter = -1) : IReadingSink
{
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentQueue<(EmotionReading Reading, TimeSpan Elapsed)> _received = new();
    private readonly ConcurrentQueue<SessionInfo> _sessions = new();

    public string Name { get; } = name;

    public IReadOnlyList<SessionInfo> Sessions => [.. _sessions];

    public SessionInfo? Session => _sessions.LastOrDefault();

    /// <summary>The readings with their arrival time, in order.</summary>
    public IReadOnlyList<(EmotionReading Reading, TimeSpan Elapsed)> Received => [.. _received];

    public IReadOnlyList<EmotionReading> Readings => [.. _received.Select(r => r.Reading)];

    public SessionSummary? Summary { get; private set; }

    public int Completed { get; private set; }

    public void Start(SessionInfo session)
    {
        _sessions.Enqueue(session);
        _clock.Restart();
    }

    public void Write(in EmotionReading reading)
    {
        if (failAfter >= 0 && _received.Count >= failAfter)
        {
            throw new IOException($"{Name} broke");
        }
        if (delay > TimeSpan.Zero)
        {
            Thread.Sleep(delay);
        }
        _received.Enqueue((reading, _clock.Elapsed));
    }

    public void Complete(SessionSummary summary)
    {
        Summary = summary;
        Completed++;
    }
}
