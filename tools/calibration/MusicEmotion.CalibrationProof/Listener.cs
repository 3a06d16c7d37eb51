using MusicEmotion.Inference;

namespace MusicEmotion.CalibrationProof;

/// <summary>A simulated listener: what they feel is the cue model's ground truth passed through a known bias.</summary>
internal sealed record Listener(string Name, string Bias, Func<AffectPoint, AffectPoint> Perceive)
{
    public static Listener NoBias { get; } = new("no-bias", "feels the ground truth itself", p => p);

    /// <summary>The bias of issue 15's example: a 15-degree rotation, arousal compressed, valence scaled and shifted down.</summary>
    public static Listener Biased { get; } = RotatedAndScaled("biased", valenceShift: -0.3);

    /// <summary>
    /// The same bias with valence shifted twice as far: a listener whose bias is large beside the model's own error,
    /// which shows what the calibrator does when the bias, not the model, is most of the disagreement.
    /// </summary>
    public static Listener StronglyBiased { get; } = RotatedAndScaled("strongly biased", valenceShift: -0.6);

    /// <summary>Every listener the proof scores, the no-bias one last.</summary>
    public static IReadOnlyList<Listener> All { get; } = [Biased, StronglyBiased, NoBias];

    private static Listener RotatedAndScaled(string name, double valenceShift) => new(
        name, $"ground truth rotated 15 degrees, then arousal x0.5, valence x1.3 - {-valenceShift:0.0}, clamped to [-1, 1]", p =>
        {
            double angle = 15 * Math.PI / 180;
            double a = Math.Cos(angle) * p.Arousal - Math.Sin(angle) * p.Valence;
            double v = Math.Sin(angle) * p.Arousal + Math.Cos(angle) * p.Valence;
            return new AffectPoint((float)Math.Clamp(0.5 * a, -1, 1), (float)Math.Clamp(1.3 * v + valenceShift, -1, 1));
        });
}
