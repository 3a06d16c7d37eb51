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

    /// <summary>The folds for <paramref name="count"/> labels: five, or one label each when fewer.</summary>
    public static int FoldCount(int count) => Math.Min(MaxFolds, count);

    /// <summary>
    /// The share of the identity's cross-validated error a fit must remove to be chosen over it: 1/sqrt(n), since
    /// the noise of a cross-validated error shrinks as the square root of the labels (45 % at 5 labels, 22 % at 20).
    /// </summary>
    public static double RequiredGain(int labels) => 1 / Math.Sqrt(labels);

    /// <summary>Labels dealt round-robin after a seeded shuffle, so every fold has labels from across the set.</summary>
    public static int[] FoldAssignment(int count, int folds, int seed)
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
    /// The strength with the lowest cross-validated error (ties to the stronger, later one: the simpler fit when the
    /// data cannot tell), or infinity when no fit removes <see cref="RequiredGain"/> of the identity's error: with a
    /// handful of labels a small gain is mostly the noise of which labels fell in which fold.
    /// </summary>
    /// <param name="strengths">Candidates, weakest first, ending with infinity (the identity).</param>
    /// <param name="crossValidatedRmse">Held-out RMSE at a strength.</param>
    /// <param name="labels">Labels fitted on.</param>
    public static (double Lambda, double IdentityError, double Error) Choose(IReadOnlyList<double> strengths, Func<double, double> crossValidatedRmse, int labels)
    {
        double identityError = crossValidatedRmse(double.PositiveInfinity);
        double bestError = double.PositiveInfinity;
        double bestLambda = double.PositiveInfinity;
        foreach (double lambda in strengths)
        {
            double error = double.IsPositiveInfinity(lambda) ? identityError : crossValidatedRmse(lambda);
            if (error <= bestError)
            {
                bestError = error;
                bestLambda = lambda;
            }
        }
        return bestError > (1 - RequiredGain(labels)) * identityError
            ? (double.PositiveInfinity, identityError, identityError)
            : (bestLambda, identityError, bestError);
    }

    /// <summary>The refusal when there are too few labels, saying how many more.</summary>
    public static void CheckEnough(int labels, string which)
    {
        if (labels < MinimumLabels)
        {
            throw new InvalidDataException(
                $"{labels} {which}: calibration needs at least {MinimumLabels}; add {MinimumLabels - labels} more with 'musicemotion feedback add'");
        }
    }
}
