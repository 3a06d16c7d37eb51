using MusicEmotion.Inference;

namespace MusicEmotion.Library.Feedback;

/// <summary>
/// The classes a listener may answer with instead of a point, and the point each stands for: the centre of its
/// region of the circumplex, so a class label pulls the fit the way a point there would.
/// </summary>
public static class FeedbackClasses
{
    private static readonly Dictionary<string, AffectPoint> Points = new(StringComparer.OrdinalIgnoreCase)
    {
        ["positive"] = new(0f, 0.5f),
        ["neutral"] = new(0f, 0f),
        ["negative"] = new(0f, -0.5f),
        ["happy"] = new(0.5f, 0.5f),
        ["angry"] = new(0.5f, -0.5f),
        ["sad"] = new(-0.5f, -0.5f),
        ["calm"] = new(-0.5f, 0.5f),
    };

    public static IReadOnlyCollection<string> Names => Points.Keys;

    public static AffectPoint PointOf(string name) =>
        Points.TryGetValue(name, out AffectPoint point)
            ? point
            : throw new InvalidDataException($"--class '{name}': expected one of {string.Join(", ", Points.Keys)}");
}
