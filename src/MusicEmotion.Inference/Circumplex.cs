namespace MusicEmotion.Inference;

/// <summary>
/// The vocabulary of Russell's circumplex: valence on x, arousal on y, the angle of a point read as an
/// affect term. Angles are measured counter-clockwise from the positive valence axis, in degrees.
/// </summary>
public static class Circumplex
{
    /// <summary>
    /// Below this distance from the centre no affect term fits: the music is read as neutral rather than
    /// given the name of whatever direction noise points in.
    /// </summary>
    public const float NeutralRadius = 0.1f;

    /// <summary>
    /// Affect terms at the angles Russell (1980, "A circumplex model of affect", J. Pers. Soc. Psych. 39(6),
    /// direct circular scaling of 28 affect words) reports; twenty of them, in order of angle.
    /// </summary>
    public static IReadOnlyList<AffectTerm> Terms { get; } =
    [
        new("happy", 7.8f),
        new("delighted", 24.9f),
        new("excited", 48.6f),
        new("astonished", 69.8f),
        new("tense", 92.8f),
        new("alarmed", 96.5f),
        new("angry", 99.1f),
        new("afraid", 116.8f),
        new("annoyed", 122.6f),
        new("distressed", 137.9f),
        new("frustrated", 141.0f),
        new("miserable", 188.7f),
        new("sad", 207.5f),
        new("depressed", 211.8f),
        new("bored", 241.3f),
        new("tired", 267.7f),
        new("calm", 316.2f),
        new("relaxed", 318.0f),
        new("content", 323.4f),
        new("serene", 328.6f),
    ];

    /// <summary>Angle of the point in degrees, [0, 360).</summary>
    public static float AngleDegrees(AffectPoint point)
    {
        float degrees = MathF.Atan2(point.Arousal, point.Valence) * (180f / MathF.PI);
        return degrees < 0 ? degrees + 360f : degrees;
    }

    /// <summary>Distance from the centre: how strongly the emotion is expressed.</summary>
    public static float Intensity(AffectPoint point) =>
        MathF.Sqrt(point.Arousal * point.Arousal + point.Valence * point.Valence);

    /// <summary>
    /// The quadrant: arousal decides active/passive, valence positive/negative; zero counts as
    /// active/positive so every point has exactly one quadrant.
    /// </summary>
    public static Quadrant QuadrantOf(AffectPoint point) => (point.Arousal >= 0, point.Valence >= 0) switch
    {
        (true, true) => Quadrant.ActivePositive,
        (true, false) => Quadrant.ActiveNegative,
        (false, true) => Quadrant.PassivePositive,
        (false, false) => Quadrant.PassiveNegative,
    };

    /// <summary>The affect term nearest in angle, or "neutral" inside <see cref="NeutralRadius"/>.</summary>
    public static string Label(AffectPoint point)
    {
        if (!point.IsFinite)
        {
            return "unknown";
        }
        if (Intensity(point) < NeutralRadius)
        {
            return "neutral";
        }
        float angle = AngleDegrees(point);
        AffectTerm best = Terms[0];
        float bestDistance = float.MaxValue;
        // Indexed, not foreach: enumerating the list through its interface would allocate on every reading.
        for (int i = 0; i < Terms.Count; i++)
        {
            AffectTerm term = Terms[i];
            float d = MathF.Abs(angle - term.AngleDegrees);
            d = MathF.Min(d, 360f - d);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = term;
            }
        }
        return best.Name;
    }

    /// <summary>The name the seeds use: active-positive, active-negative, passive-positive, passive-negative.</summary>
    public static string Name(this Quadrant quadrant) => quadrant switch
    {
        Quadrant.ActivePositive => "active-positive",
        Quadrant.ActiveNegative => "active-negative",
        Quadrant.PassivePositive => "passive-positive",
        Quadrant.PassiveNegative => "passive-negative",
        _ => throw new ArgumentOutOfRangeException(nameof(quadrant), quadrant, null),
    };
}

/// <summary>A word for a feeling and where it sits on the circle.</summary>
public sealed record AffectTerm(string Name, float AngleDegrees)
{
    /// <summary>The term's point on the unit circle.</summary>
    public AffectPoint UnitPoint => new(
        MathF.Sin(AngleDegrees * MathF.PI / 180f), MathF.Cos(AngleDegrees * MathF.PI / 180f));
}

/// <summary>High/low arousal crossed with positive/negative valence.</summary>
public enum Quadrant
{
    ActivePositive,
    ActiveNegative,
    PassivePositive,
    PassiveNegative,
}
