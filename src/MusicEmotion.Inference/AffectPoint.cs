namespace MusicEmotion.Inference;

/// <summary>
/// A point on Russell's circumplex. Models emit (arousal, valence) in this order; both lie in [-1, 1].
/// </summary>
public readonly record struct AffectPoint(float Arousal, float Valence)
{
    public bool IsFinite => float.IsFinite(Arousal) && float.IsFinite(Valence);
}
