namespace MusicEmotion.Inference;

/// <summary>
/// The closed-form fallback forecast, the paper's baseline: fit a least-squares line to each of arousal and
/// valence over the history and extend it to each horizon, clamped to the circle's [-1, 1] range. Always
/// available, so there is a forecast even without a forecaster model; its source says what it is.
/// </summary>
public sealed class LinearTrendForecaster : IForecaster
{
    private const double StepSeconds = 0.5;

    public LinearTrendForecaster(int historyLength = 10, IReadOnlyList<double>? horizonSeconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 2);
        Info = new ForecastInfo(ForecastInfo.LinearTrendName, historyLength, horizonSeconds ?? [0.5, 1.0, 1.5, 2.0], ForecasterKind.LinearTrend);
    }

    public ForecastInfo Info { get; }

    public void Predict(ReadOnlySpan<AffectPoint> history, Span<AffectPoint> next)
    {
        if (history.Length != Info.HistoryLength || next.Length < Info.Steps)
        {
            throw new ArgumentException(
                $"expected {Info.HistoryLength} readings and room for {Info.Steps} points, got {history.Length} and {next.Length}");
        }
        // Time of reading i is i steps; the last reading sits at n - 1.
        int n = history.Length;
        double meanT = (n - 1) / 2.0;
        double sumTT = 0, sumTA = 0, sumTV = 0, meanA = 0, meanV = 0;
        foreach (AffectPoint p in history)
        {
            meanA += p.Arousal;
            meanV += p.Valence;
        }
        meanA /= n;
        meanV /= n;
        for (int i = 0; i < n; i++)
        {
            double t = i - meanT;
            sumTT += t * t;
            sumTA += t * (history[i].Arousal - meanA);
            sumTV += t * (history[i].Valence - meanV);
        }
        double slopeA = sumTA / sumTT;
        double slopeV = sumTV / sumTT;
        for (int s = 0; s < Info.Steps; s++)
        {
            double t = (n - 1 - meanT) + Info.HorizonSeconds[s] / StepSeconds;
            next[s] = new AffectPoint(
                (float)Math.Clamp(meanA + slopeA * t, -1, 1),
                (float)Math.Clamp(meanV + slopeV * t, -1, 1));
        }
    }

    public void Dispose()
    {
    }
}
