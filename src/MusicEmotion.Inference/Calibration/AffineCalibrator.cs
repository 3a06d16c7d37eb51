namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// Fits the affine map by ridge regression shrunk toward the identity, choosing the ridge strength by k-fold
/// cross-validation. The identity itself (infinite strength) is one of the candidates, so the chosen map's
/// held-out error is never above the uncalibrated one: a few labels cannot make a listener's readings worse.
/// </summary>
public static class AffineCalibrator
{
    /// <summary>Below this, five-fold cross-validation has folds of one label and says nothing useful.</summary>
    public const int MinimumLabels = RidgeSelection.MinimumLabels;

    /// <summary>
    /// Labels from which the map's slopes are fitted; with fewer only its offsets are (the readings moved, not turned or
    /// scaled). Five to nine labels cannot tell three coefficients an axis from the model's own noise: in 64 draws of 5
    /// labels on the simulated-listener proof a full map made a listener without bias 13 % worse once, an offset never.
    /// </summary>
    public const int SlopesFromLabels = 10;

    /// <summary>The strengths tried, weakest first; per label, since the data term grows with the count.</summary>
    private static readonly double[] Strengths = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, double.PositiveInfinity];

    /// <summary>Fits on all samples; <paramref name="foldSeed"/> shuffles the folds reproducibly.</summary>
    public static AffineFit Fit(IReadOnlyList<CalibrationSample> samples, int foldSeed = 15)
    {
        ArgumentNullException.ThrowIfNull(samples);
        RidgeSelection.CheckEnough(samples.Count, "labels");
        bool slopes = samples.Count >= SlopesFromLabels;
        (int folds, int[] foldOf) = RidgeSelection.Folds(samples, foldSeed);
        (double lambda, double identityError, double error) = RidgeSelection.Choose(
            Strengths, l => RidgeSelection.HeldOutErrors(samples, foldOf, folds, use => FitWith(samples, use, l, slopes), (map, s) => map.Apply(s.Reading)), samples.Count);
        AffineCalibration map = FitWith(samples, i => true, lambda, slopes);
        return new AffineFit(map, lambda, identityError, error, samples.Count, folds, slopes);
    }

    /// <summary>RMSE over both axes of a map against what the listener felt.</summary>
    public static double Rmse(AffineCalibration map, IEnumerable<CalibrationSample> samples)
    {
        double sum = 0;
        int count = 0;
        foreach (CalibrationSample s in samples)
        {
            AffectPoint p = map.Apply(s.Reading);
            sum += Square(p.Arousal - s.Felt.Arousal) + Square(p.Valence - s.Felt.Valence);
            count += 2;
        }
        return count == 0 ? double.NaN : Math.Sqrt(sum / count);
    }

    /// <summary>
    /// Ridge toward the identity, one output axis at a time: theta = theta0 + (X'X + n lambda I)^-1 X'(y - X theta0),
    /// X's rows (arousal, valence, 1), theta0 the identity's row. The offset is shrunk toward 0 as well. Without
    /// <paramref name="slopes"/> X is the constant column alone: each offset is the residuals' sum over n (1 + lambda).
    /// </summary>
    private static AffineCalibration FitWith(IReadOnlyList<CalibrationSample> samples, Func<int, bool> use, double lambda, bool slopes)
    {
        if (double.IsPositiveInfinity(lambda))
        {
            return AffineCalibration.Identity;
        }
        var gram = new double[3, 3];
        var towardArousal = new double[3];
        var towardValence = new double[3];
        int n = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            if (!use(i))
            {
                continue;
            }
            n++;
            CalibrationSample s = samples[i];
            double[] x = [s.Reading.Arousal, s.Reading.Valence, 1];
            double residualArousal = s.Felt.Arousal - s.Reading.Arousal;
            double residualValence = s.Felt.Valence - s.Reading.Valence;
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++)
                {
                    gram[r, c] += x[r] * x[c];
                }
                towardArousal[r] += x[r] * residualArousal;
                towardValence[r] += x[r] * residualValence;
            }
        }
        for (int d = 0; d < 3; d++)
        {
            gram[d, d] += Math.Max(n, 1) * lambda;
        }
        if (!slopes)
        {
            return new AffineCalibration(1, 0, (float)(towardArousal[2] / gram[2, 2]), 0, 1, (float)(towardValence[2] / gram[2, 2]));
        }
        double[] da = Solve3(gram, towardArousal);
        double[] dv = Solve3(gram, towardValence);
        return new AffineCalibration(
            (float)(1 + da[0]), (float)da[1], (float)da[2],
            (float)dv[0], (float)(1 + dv[1]), (float)dv[2]);
    }

    /// <summary>Cramer's rule: the system is 3x3 and positive definite (ridge added), so this is exact enough.</summary>
    private static double[] Solve3(double[,] a, double[] b)
    {
        double det = Det(a[0, 0], a[0, 1], a[0, 2], a[1, 0], a[1, 1], a[1, 2], a[2, 0], a[2, 1], a[2, 2]);
        return
        [
            Det(b[0], a[0, 1], a[0, 2], b[1], a[1, 1], a[1, 2], b[2], a[2, 1], a[2, 2]) / det,
            Det(a[0, 0], b[0], a[0, 2], a[1, 0], b[1], a[1, 2], a[2, 0], b[2], a[2, 2]) / det,
            Det(a[0, 0], a[0, 1], b[0], a[1, 0], a[1, 1], b[1], a[2, 0], a[2, 1], b[2]) / det,
        ];
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);

    private static double Square(double x) => x * x;
}
