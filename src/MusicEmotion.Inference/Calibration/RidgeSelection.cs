namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// What the calibrators share: folds dealt after a seeded shuffle, and the choice of a ridge strength by k-fold
/// cross-validation in which the model as it is (infinite strength) is one candidate and must be beaten clearly.
/// </summary>
internal static class RidgeSelection
{
    /// <summary>Below this, five-fold cross-validation has folds of one label and says nothing useful.</summary>
    public const int MinimumLabels = 5;

    private const int MaxFolds = 5;

    /// <summary>
    /// The share of the identity's cross-validated error a fit must remove to be chosen over it: 1/sqrt(n), since
    /// the noise of a cross-validated error shrinks as the square root of the labels (45 % at 5 labels, 22 % at 20).
    /// </summary>
    public static double RequiredGain(int labels) => 1 / Math.Sqrt(labels);

    /// <summary>
    /// The folds and each label's fold. Labels of one track share the model's errors there, so when the labels name
    /// their tracks and come from two or more, whole tracks are dealt to the folds (five, or one track each when
    /// fewer): a fit is then scored on tracks it has not seen, as the listener's next tracks will be, and a fit that
    /// only suits the few tracks labelled is not trusted. Labels of a single track (or without tracks) can only be
    /// dealt one by one. Either way round-robin after a seeded shuffle, so every fold draws from across the set.
    /// </summary>
    public static (int Folds, int[] FoldOf) Folds(IReadOnlyList<CalibrationSample> samples, int seed)
    {
        string?[] tracks = samples.Select(s => s.Track).ToArray();
        string[] distinct = tracks.All(t => t is not null) ? tracks.OfType<string>().Distinct().ToArray() : [];
        if (distinct.Length >= 2)
        {
            int folds = Math.Min(MaxFolds, distinct.Length);
            int[] foldOfTrack = Dealt(distinct.Length, folds, seed);
            var trackIndex = distinct.Select((t, k) => (t, k)).ToDictionary(p => p.t, p => p.k);
            return (folds, tracks.Select(t => foldOfTrack[trackIndex[t!]]).ToArray());
        }
        int labelFolds = Math.Min(MaxFolds, samples.Count);
        return (labelFolds, Dealt(samples.Count, labelFolds, seed));
    }

    /// <summary>Each of <paramref name="count"/> items' fold, round-robin over a seeded shuffle.</summary>
    private static int[] Dealt(int count, int folds, int seed)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var foldOf = new int[count];
        for (int k = 0; k < count; k++)
        {
            foldOf[order[k]] = k % folds;
        }
        return foldOf;
    }

    /// <summary>
    /// Each label's squared error (mean of the two axes) when predicted by a fit made without its fold.
    /// </summary>
    /// <param name="samples">The labels.</param>
    /// <param name="foldOf">Each label's fold.</param>
    /// <param name="folds">How many folds.</param>
    /// <param name="fit">Fits on the labels the predicate admits.</param>
    /// <param name="predict">A fit's reading for a label.</param>
    public static double[] HeldOutErrors<TFit>(
        IReadOnlyList<CalibrationSample> samples, int[] foldOf, int folds, Func<Func<int, bool>, TFit> fit, Func<TFit, CalibrationSample, AffectPoint> predict)
    {
        var errors = new double[samples.Count];
        for (int fold = 0; fold < folds; fold++)
        {
            int held = fold;
            TFit fitted = fit(i => foldOf[i] != held);
            for (int i = 0; i < samples.Count; i++)
            {
                if (foldOf[i] == held)
                {
                    AffectPoint p = predict(fitted, samples[i]);
                    errors[i] = (Square(p.Arousal - samples[i].Felt.Arousal) + Square(p.Valence - samples[i].Felt.Valence)) / 2;
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// The strength with the lowest cross-validated error (ties to the stronger, later one: the simpler fit when the
    /// data cannot tell), or infinity when the fit does not beat the identity clearly: it must remove
    /// <see cref="RequiredGain"/> of the identity's error, and its gain label by label must stand
    /// <see cref="RequiredSignificance"/> standard errors above zero. With a handful of labels a gain is mostly the
    /// noise of which labels fell in which fold, and a model whose own errors are large makes that noise large.
    /// </summary>
    /// <param name="strengths">Candidates, weakest first, ending with infinity (the identity).</param>
    /// <param name="heldOutErrors">Each label's held-out squared error at a strength (<see cref="HeldOutErrors"/>).</param>
    /// <param name="labels">Labels fitted on.</param>
    /// <returns>The strength, and the cross-validated RMSE of the identity and of the chosen strength.</returns>
    public static (double Lambda, double IdentityError, double Error) Choose(IReadOnlyList<double> strengths, Func<double, double[]> heldOutErrors, int labels)
    {
        double[] identity = heldOutErrors(double.PositiveInfinity);
        double identityError = Math.Sqrt(identity.Average());
        double bestError = double.PositiveInfinity;
        double bestLambda = double.PositiveInfinity;
        double[] best = identity;
        foreach (double lambda in strengths)
        {
            double[] errors = double.IsPositiveInfinity(lambda) ? identity : heldOutErrors(lambda);
            double error = Math.Sqrt(errors.Average());
            if (error <= bestError)
            {
                bestError = error;
                bestLambda = lambda;
                best = errors;
            }
        }
        bool clearGain = bestError <= (1 - RequiredGain(labels)) * identityError;
        return clearGain && GainStandsOut(identity, best)
            ? (bestLambda, identityError, bestError)
            : (double.PositiveInfinity, identityError, identityError);
    }

    /// <summary>
    /// Standard errors the mean per-label gain over the identity must stand above zero: two, about 95 % one-sided.
    /// On the simulated-listener proof (tools/training/calibration_curve.sh) this is what keeps a listener without bias
    /// from ever being made worse (one draw of eight at 5 labels was, with the relative margin alone).
    /// </summary>
    private const double RequiredSignificance = 2;

    /// <summary>Whether the per-label gains (identity's error minus the fit's) have a mean clearly above zero.</summary>
    private static bool GainStandsOut(double[] identity, double[] fitted)
    {
        int n = identity.Length;
        double[] gain = identity.Zip(fitted, (a, b) => a - b).ToArray();
        double mean = gain.Average();
        double sd = Math.Sqrt(gain.Sum(g => Square(g - mean)) / (n - 1));
        return mean > 0 && mean >= RequiredSignificance * sd / Math.Sqrt(n);
    }

    private static double Square(double x) => x * x;

    /// <summary>The refusal when there are too few labels, saying how many more.</summary>
    public static void CheckEnough(int labels, string which) => CheckEnough(labels, MinimumLabels, which);

    /// <summary>The refusal when there are fewer than <paramref name="minimum"/> labels, saying how many more.</summary>
    public static void CheckEnough(int labels, int minimum, string which)
    {
        if (labels < minimum)
        {
            throw new InvalidDataException(
                $"{labels} {which}: calibration needs at least {minimum}; add {minimum - labels} more with 'musicemotion feedback add'");
        }
    }
}
