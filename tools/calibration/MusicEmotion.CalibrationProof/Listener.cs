using MusicEmotion.Inference;

namespace MusicEmotion.CalibrationProof;

/// <summary>A simulated listener: what they feel is the cue model's ground truth passed through a known bias.</summary>
internal sealed record Listener(string Name, string Bias, Func<AffectPoint, AffectPoint> Perceive)
{
    public static Listener NoBias { get; } = new("no-bias", "feels the ground truth itself", p => p);

    /// <summary>The bias of issue 15's example: a 15-degree rotation, arousal compressed, valence scaled and shifted down.</summary>
    public static Listener Biased { get; } = new(
        "biased", "ground truth rotated 15 degrees, then arousal x0.5, valence x1.3 - 0.3, clamped to [-1, 1]", p =>
        {
            double angle = 15 * Math.PI / 180;
            double a = Math.Cos(angle) * p.Arousal - Math.Sin(angle) * p.Valence;
            double v = Math.Sin(angle) * p.Arousal + Math.Cos(angle) * p.Valence;
            return new AffectPoint((float)Math.Clamp(0.5 * a, -1, 1), (float)Math.Clamp(1.3 * v - 0.3, -1, 1));
        });
}
