using MusicEmotion.Inference;

namespace MusicEmotion.Pipeline.Sinks;

/// <summary>
/// Where readings go: the console, a file, the network, the view. Each sink runs on its own task fed by its own
/// bounded channel, so a slow sink never stalls inference; its calls come in order from that one task.
/// </summary>
public interface IReadingSink
{
    /// <summary>Short name for counters and error messages ("console", "osc 10.0.0.5:9000", ...).</summary>
    string Name { get; }

    /// <summary>Called once before the first reading.</summary>
    void Start(SessionInfo session);

    void Write(in EmotionReading reading);

    /// <summary>Called once after the last reading, also when the session ended with an error.</summary>
    void Complete(SessionSummary summary);
}
