using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Drawing;

/// <summary>
/// The points of one mouse stroke on the circumplex, in the order they were drawn. A point closer than
/// <see cref="MinStep"/> to the last one kept is dropped, so a cursor that rests or crawls adds nothing and the
/// profile's points stand for equal lengths of the drawn course. Reuses its buffer from stroke to stroke.
/// </summary>
public sealed class StrokeCollector
{
    /// <summary>Circumplex units (1 % of the circle's diameter): finer than a hand draws, coarser than pixel jitter.</summary>
    public const float MinStep = 0.02f;

    /// <summary>The fewest points a profile search accepts (<c>--profile</c> asks the same).</summary>
    public const int MinimumPoints = 2;

    private AffectPoint[] _points = new AffectPoint[256];
    private int _count;

    /// <summary>The points kept so far, oldest first.</summary>
    public ReadOnlySpan<AffectPoint> Points => _points.AsSpan(0, _count);

    public int Count => _count;

    public void Clear() => _count = 0;

    /// <summary>Adds a point unless it lies within <see cref="MinStep"/> of the last one kept.</summary>
    public void Add(AffectPoint point)
    {
        if (!point.IsFinite)
        {
            return;
        }
        if (_count > 0)
        {
            AffectPoint last = _points[_count - 1];
            float da = point.Arousal - last.Arousal, dv = point.Valence - last.Valence;
            if ((da * da) + (dv * dv) < MinStep * MinStep)
            {
                return;
            }
        }
        if (_count == _points.Length)
        {
            Array.Resize(ref _points, _count * 2);
        }
        _points[_count++] = point;
    }

    /// <summary>A copy of the stroke as a profile, or null when it has fewer than <see cref="MinimumPoints"/> points.</summary>
    public AffectPoint[]? ToProfile() => _count >= MinimumPoints ? Points.ToArray() : null;
}
