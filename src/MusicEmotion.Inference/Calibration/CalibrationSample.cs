namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// One labelled moment as the calibrators see it: what the model read, what the listener felt, and the hidden state
/// the model's head read there (null for a label stored before labels kept it: only the affine map uses those).
/// </summary>
public readonly record struct CalibrationSample(AffectPoint Reading, AffectPoint Felt, float[]? Hidden = null);
