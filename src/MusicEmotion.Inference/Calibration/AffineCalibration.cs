namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// A listener's correction of the model's readings: an affine map of (arousal, valence), clamped back onto the
/// circumplex. Applied per frame, so it is a value type with six numbers and no allocation.
/// </summary>
public readonly record struct AffineCalibration(
    float ArousalFromArousal, float ArousalFromValence, float ArousalOffset,
    float ValenceFromArousal, float ValenceFromValence, float ValenceOffset)
{
    /// <summary>The map that changes nothing: what a listener without labels gets.</summary>
    public static AffineCalibration Identity { get; } = new(1, 0, 0, 0, 1, 0);

    public AffectPoint Apply(AffectPoint reading) => new(
        Math.Clamp(ArousalFromArousal * reading.Arousal + ArousalFromValence * reading.Valence + ArousalOffset, -1f, 1f),
        Math.Clamp(ValenceFromArousal * reading.Arousal + ValenceFromValence * reading.Valence + ValenceOffset, -1f, 1f));
}
