namespace MusicEmotion.Inference.Calibration;

/// <summary>The outcome of a fit: the map, the ridge strength cross-validation chose, and the held-out errors.</summary>
/// <param name="Map">The fitted correction, applied per frame.</param>
/// <param name="Lambda">Ridge strength toward identity; infinity when cross-validation kept the identity.</param>
/// <param name="CvRmseBefore">Held-out RMSE of the uncalibrated readings (identity map) over both axes.</param>
/// <param name="CvRmseAfter">Held-out RMSE of the chosen map, same folds.</param>
/// <param name="Labels">Labels the map was fitted on.</param>
/// <param name="Folds">Cross-validation folds.</param>
/// <param name="Slopes">Whether the slopes were fitted (from <see cref="AffineCalibrator.SlopesFromLabels"/> labels) or the offsets only.</param>
public sealed record AffineFit(AffineCalibration Map, double Lambda, double CvRmseBefore, double CvRmseAfter, int Labels, int Folds, bool Slopes);
