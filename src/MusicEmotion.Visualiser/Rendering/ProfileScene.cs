using MusicEmotion.Inference;
using MusicEmotion.Visualiser.Drawing;

namespace MusicEmotion.Visualiser.Rendering;

/// <summary>What a frame shows of a profile drawn with the mouse: its line on the circumplex and, in the strip, its note or matches.</summary>
/// <param name="line">The drawn points, oldest first; empty when nothing is drawn.</param>
/// <param name="status">The note or matches to list; null when there is nothing to say.</param>
public readonly ref struct ProfileScene(ReadOnlySpan<AffectPoint> line, ProfileStatus? status)
{
    public ReadOnlySpan<AffectPoint> Line { get; } = line;

    public ProfileStatus? Status { get; } = status;
}
