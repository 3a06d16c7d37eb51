namespace MusicEmotion.Inference.Calibration;

/// <summary>One labelled moment as the calibrators see it.</summary>
/// <param name="Reading">What the model read.</param>
/// <param name="Felt">What the listener felt.</param>
/// <param name="Hidden">
/// The hidden state the model's head read there; null for a label stored before labels kept it (only the affine map
/// uses those).
/// </param>
/// <param name="Track">Which track (its content hash), so cross-validation can hold out whole tracks; null when unknown.</param>
public readonly record struct CalibrationSample(AffectPoint Reading, AffectPoint Felt, float[]? Hidden = null, string? Track = null);
