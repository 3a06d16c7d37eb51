namespace MusicEmotion.Library.Feedback;

/// <summary>Why a label cannot be taken against the library, so the CLI can pick its exit code and serve its status.</summary>
public enum FeedbackProblem
{
    /// <summary>The library has no such track (not scanned, or not under that name or content).</summary>
    UnknownTrack,

    /// <summary>The file's content is no longer what the library analysed (or the file is gone).</summary>
    TrackChanged,

    /// <summary>The moment lies beyond the track's end.</summary>
    BeyondEnd,

    /// <summary>The library holds no reading for the track (it failed to decode when scanned).</summary>
    NoReading,
}

/// <summary>A label refused before anything was stored; the message is one line naming the track or the moment.</summary>
public sealed class FeedbackRefusedException(FeedbackProblem problem, string message) : Exception(message)
{
    public FeedbackProblem Problem { get; } = problem;
}
