namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// Refits the model's output head on the hidden states stored with the labels: ridge regression shrunk toward the
/// model's own head weights, the strength chosen by k-fold cross-validation as for the affine map (the model's
/// head itself is a candidate, and a refit must beat it clearly). The head ends in tanh, so each output row is
/// fitted by a few Gauss-Newton steps from the model's head, each a ridge solve on the linearised tanh; the labels
/// are fitted where the readings live, with no atanh of a label at +-1.
/// </summary>
public static class HeadRefitCalibrator
{
    /// <summary>
    /// Labels with a hidden state the refit needs. The head has 2 (h + 1) weights (66 for the shipped model), and
    /// cross-validation over a few labels cannot vouch for them. On the simulated-listener proof (64 draws per count, two
    /// corpora) refits that passed it still made a listener worse: without bias up to 43 % at 5 labels, with a moderate
    /// bias 17 % and 4 % at 10, where the affine map alone never did; from 20 labels no refit made any listener worse.
    /// </summary>
    public const int MinimumLabels = 20;

    /// <summary>Strengths per label, weakest first; h has 32 or more entries, so weaker ones than the affine map's are tried.</summary>
    private static readonly double[] Strengths = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, double.PositiveInfinity];

    /// <summary>From the model's head, the linearisation is close already: three steps reach the fit's own noise.</summary>
    private const int GaussNewtonSteps = 3;

    /// <summary>Fits on all samples, each with a hidden state of the head's size.</summary>
    public static HeadRefitFit Fit(IReadOnlyList<CalibrationSample> samples, OutputHead model, int foldSeed = 15)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(model);
        RidgeSelection.CheckEnough(samples.Count, MinimumLabels, "labels with a hidden state");
        foreach (CalibrationSample s in samples)
        {
            if (s.Hidden is null || s.Hidden.Length != model.Hidden)
            {
                throw new ArgumentException($"a head refit needs each label's hidden state of {model.Hidden} values", nameof(samples));
            }
        }
        (int folds, int[] foldOf) = RidgeSelection.Folds(samples, foldSeed);
        (double lambda, double before, double after) = RidgeSelection.Choose(
            Strengths, l => RidgeSelection.HeldOutErrors(samples, foldOf, folds, use => FitWith(samples, use, model, l), (head, s) => head.Apply(s.Hidden)), samples.Count);
        OutputHead head = FitWith(samples, _ => true, model, lambda);
        return new HeadRefitFit(head, lambda, before, after, samples.Count, folds);
    }

    private static OutputHead FitWith(IReadOnlyList<CalibrationSample> samples, Func<int, bool> use, OutputHead model, double lambda)
    {
        if (double.IsPositiveInfinity(lambda))
        {
            return model;
        }
        int hidden = model.Hidden;
        var weights = new float[2 * hidden];
        var bias = new float[2];
        for (int output = 0; output < 2; output++)
        {
            // theta = (w, b) of this output; theta0 the model's.
            var theta0 = new double[hidden + 1];
            for (int k = 0; k < hidden; k++)
            {
                theta0[k] = model.Weights[output * hidden + k];
            }
            theta0[hidden] = model.Bias[output];
            double[] theta = FitRow(samples, use, output, theta0, lambda);
            for (int k = 0; k < hidden; k++)
            {
                weights[output * hidden + k] = (float)theta[k];
            }
            bias[output] = (float)theta[hidden];
        }
        return new OutputHead(weights, bias);
    }

    /// <summary>
    /// Minimises sum (y - tanh(theta . x))^2 + n lambda |theta - theta0|^2, x = (h, 1), by Gauss-Newton:
    /// (J'J + n lambda I) delta = J'e - n lambda (theta - theta0), J's rows (1 - tanh^2) x.
    /// </summary>
    private static double[] FitRow(IReadOnlyList<CalibrationSample> samples, Func<int, bool> use, int output, double[] theta0, double lambda)
    {
        int size = theta0.Length;
        double[] theta = (double[])theta0.Clone();
        int n = Enumerable.Range(0, samples.Count).Count(use);
        var normal = new double[size, size];
        var gradient = new double[size];
        var x = new double[size];
        for (int step = 0; step < GaussNewtonSteps; step++)
        {
            Array.Clear(normal);
            for (int k = 0; k < size; k++)
            {
                normal[k, k] = n * lambda;
                gradient[k] = -n * lambda * (theta[k] - theta0[k]);
            }
            for (int i = 0; i < samples.Count; i++)
            {
                if (!use(i))
                {
                    continue;
                }
                float[] h = samples[i].Hidden!;
                double z = theta[size - 1];
                for (int k = 0; k < size - 1; k++)
                {
                    x[k] = h[k];
                    z += theta[k] * h[k];
                }
                x[size - 1] = 1;
                double y = Math.Tanh(z);
                double slope = 1 - y * y;
                double residual = (output == 0 ? samples[i].Felt.Arousal : samples[i].Felt.Valence) - y;
                for (int r = 0; r < size; r++)
                {
                    double jr = slope * x[r];
                    gradient[r] += jr * residual;
                    for (int c = 0; c <= r; c++)
                    {
                        normal[r, c] += jr * slope * x[c];
                    }
                }
            }
            double[] delta = CholeskySolve(normal, gradient);
            for (int k = 0; k < size; k++)
            {
                theta[k] += delta[k];
            }
        }
        return theta;
    }

    /// <summary>Solves A x = b for A symmetric positive definite, given its lower triangle (the ridge makes it so).</summary>
    private static double[] CholeskySolve(double[,] a, double[] b)
    {
        int size = b.Length;
        var l = new double[size, size];
        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double sum = a[r, c];
                for (int k = 0; k < c; k++)
                {
                    sum -= l[r, k] * l[c, k];
                }
                l[r, c] = r == c ? Math.Sqrt(sum) : sum / l[c, c];
            }
        }
        var y = new double[size];
        for (int r = 0; r < size; r++)
        {
            double sum = b[r];
            for (int k = 0; k < r; k++)
            {
                sum -= l[r, k] * y[k];
            }
            y[r] = sum / l[r, r];
        }
        var x = new double[size];
        for (int r = size - 1; r >= 0; r--)
        {
            double sum = y[r];
            for (int k = r + 1; k < size; k++)
            {
                sum -= l[k, r] * x[k];
            }
            x[r] = sum / l[r, r];
        }
        return x;
    }
}
