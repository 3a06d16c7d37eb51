namespace MusicEmotion.Inference.Calibration;

/// <summary>One labelled moment as the calibrator sees it: what the model read and what the listener felt.</summary>
public readonly record struct CalibrationSample(AffectPoint Reading, AffectPoint Felt);
