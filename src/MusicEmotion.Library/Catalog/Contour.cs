using MusicEmotion.Inference;

namespace MusicEmotion.Library.Catalog;

/// <summary>
/// A track's readings resampled to a fixed number of points, start to end: every track the same size, so a drawn
/// profile is compared with all of them without loading a single full trajectory.
/// </summary>
public sealed record Contour(AffectPoint[] Points)
{
    /// <summary>Points in every contour: 64 keeps a four-minute track's rises and falls (one point per 3.75 s).</summary>
    public const int Length = 64;

    public static Contour Of(ReadOnlySpan<AffectPoint> readings) => new(AffectSeries.Resample(readings, Length));
}
