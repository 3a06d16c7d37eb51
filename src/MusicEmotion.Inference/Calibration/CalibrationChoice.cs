namespace MusicEmotion.Inference.Calibration;

/// <summary>Which correction a profile applies.</summary>
public enum CalibrationMethod
{
    /// <summary>Neither fit beat the uncalibrated readings clearly: the readings stay as they are.</summary>
    Identity,

    /// <summary>The affine map of (arousal, valence).</summary>
    Affine,

    /// <summary>The model's output head refitted on the hidden states.</summary>
    HeadRefit,
}

/// <summary>
/// What <c>calibrate</c> fits: the affine map on every label and, when the model's head can be refitted and at least
/// <see cref="HeadRefitCalibrator.MinimumLabels"/> labels carry a hidden state, the head refit on those; the one that
/// removes the larger share of the uncalibrated cross-validated error is kept (the same share as the lower error when
/// every label has h, since both use the same folds), and the identity when neither beat the uncalibrated readings.
/// </summary>
/// <param name="Method">The correction kept.</param>
/// <param name="Affine">The affine fit (always made).</param>
/// <param name="HeadRefit">The head refit, or null when it was not tried.</param>
/// <param name="HeadRefitSkipped">Why the head refit was not tried (null when it was).</param>
public sealed record CalibrationChoice(CalibrationMethod Method, AffineFit Affine, HeadRefitFit? HeadRefit, string? HeadRefitSkipped)
{
    /// <param name="samples">Every label; those with a hidden state of the head's size also feed the head refit.</param>
    /// <param name="modelHead">The model's head, or null when it is not one the refit handles.</param>
    /// <param name="foldSeed">Shuffles the folds reproducibly (the same for both fits).</param>
    public static CalibrationChoice Fit(IReadOnlyList<CalibrationSample> samples, OutputHead? modelHead, int foldSeed = 15)
    {
        ArgumentNullException.ThrowIfNull(samples);
        AffineFit affine = AffineCalibrator.Fit(samples, foldSeed);
        List<CalibrationSample> withHidden = modelHead is null
            ? []
            : samples.Where(s => s.Hidden is { } h && h.Length == modelHead.Hidden).ToList();
        if (modelHead is null || withHidden.Count < HeadRefitCalibrator.MinimumLabels)
        {
            string why = modelHead is null
                ? "the model's head is not one dense layer and tanh"
                : $"{withHidden.Count} labels carry a hidden state (of {samples.Count}), the refit needs {HeadRefitCalibrator.MinimumLabels}";
            return new CalibrationChoice(Kept(affine), affine, null, why);
        }
        HeadRefitFit head = HeadRefitCalibrator.Fit(withHidden, modelHead, foldSeed);
        bool affineHelps = !double.IsPositiveInfinity(affine.Lambda);
        bool headHelps = !double.IsPositiveInfinity(head.Lambda);
        CalibrationMethod method = (affineHelps, headHelps) switch
        {
            (false, false) => CalibrationMethod.Identity,
            (true, false) => CalibrationMethod.Affine,
            (false, true) => CalibrationMethod.HeadRefit,
            _ => head.CvRmseAfter / head.CvRmseBefore < affine.CvRmseAfter / affine.CvRmseBefore ? CalibrationMethod.HeadRefit : CalibrationMethod.Affine,
        };
        return new CalibrationChoice(method, affine, head, null);
    }

    /// <summary>The kept fit's strength (infinity for the identity).</summary>
    public double Lambda => Method switch
    {
        CalibrationMethod.Affine => Affine.Lambda,
        CalibrationMethod.HeadRefit => HeadRefit!.Lambda,
        _ => double.PositiveInfinity,
    };

    /// <summary>Cross-validated RMSE of the uncalibrated readings (the affine fit's folds, over every label).</summary>
    public double CvRmseBefore => Affine.CvRmseBefore;

    /// <summary>Cross-validated RMSE of the kept correction.</summary>
    public double CvRmseAfter => Method switch
    {
        CalibrationMethod.Affine => Affine.CvRmseAfter,
        CalibrationMethod.HeadRefit => HeadRefit!.CvRmseAfter,
        _ => Affine.CvRmseBefore,
    };

    /// <summary>The per-frame correction as a function of the reading and the head's input h (for offline scoring).</summary>
    public AffectPoint Apply(AffectPoint reading, ReadOnlySpan<float> hidden) => Method switch
    {
        CalibrationMethod.Affine => Affine.Map.Apply(reading),
        CalibrationMethod.HeadRefit => HeadRefit!.Head.Apply(hidden),
        _ => reading,
    };

    private static CalibrationMethod Kept(AffineFit affine) =>
        double.IsPositiveInfinity(affine.Lambda) ? CalibrationMethod.Identity : CalibrationMethod.Affine;
}
