namespace MusicEmotion.Pipeline.Sinks;

/// <summary>One suggested next track: its path and its next-track cost (lower is smoother).</summary>
public sealed record Suggestion(string Path, double Score);

/// <summary>
/// The latest ranked next-track suggestions, published by the suggestion sink about once a second and read by
/// other sinks on their own threads: the list is replaced whole, never changed in place, so a reader needs no lock.
/// </summary>
public sealed class LiveSuggestions
{
    private volatile IReadOnlyList<Suggestion> _ranked = [];

    /// <summary>Cheapest first; empty until the first ranking.</summary>
    public IReadOnlyList<Suggestion> Ranked => _ranked;

    public Suggestion? Top => _ranked is [var first, ..] ? first : null;

    public void Publish(IReadOnlyList<Suggestion> ranked) => _ranked = ranked ?? throw new ArgumentNullException(nameof(ranked));
}
