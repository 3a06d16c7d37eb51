namespace MusicEmotion.Inference.Calibration;

/// <summary>The outcome of a head refit: the head, the ridge strength cross-validation chose, and the held-out errors.</summary>
/// <param name="Head">The refitted head; the model's own head when cross-validation kept it.</param>
/// <param name="Lambda">Ridge strength toward the model's head; infinity when it kept the model's head.</param>
/// <param name="CvRmseBefore">Held-out RMSE of the model's own head over both axes.</param>
/// <param name="CvRmseAfter">Held-out RMSE of the chosen head, same folds.</param>
/// <param name="Labels">Labels (with a hidden state) the head was fitted on.</param>
/// <param name="Folds">Cross-validation folds.</param>
public sealed record HeadRefitFit(OutputHead Head, double Lambda, double CvRmseBefore, double CvRmseAfter, int Labels, int Folds);
