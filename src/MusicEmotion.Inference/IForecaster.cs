namespace MusicEmotion.Inference;

/// <summary>
/// Predicts the upcoming emotion from the last readings: the "where it is heading next" of the view.
/// </summary>
public interface IForecaster : IDisposable
{
    ForecastInfo Info { get; }

    /// <summary>
    /// <paramref name="history"/>: the last <see cref="ForecastInfo.HistoryLength"/> readings, oldest first.
    /// Writes one point per entry of <see cref="ForecastInfo.HorizonSeconds"/> into <paramref name="next"/>.
    /// </summary>
    void Predict(ReadOnlySpan<AffectPoint> history, Span<AffectPoint> next);
}

/// <param name="Source">The forecaster model's name, or "linear-trend" for the closed-form fallback.</param>
/// <param name="HistoryLength">Readings it looks back on (10 = 5 s).</param>
/// <param name="HorizonSeconds">For each predicted point, how far after the last reading it lies.</param>
public sealed record ForecastInfo(string Source, int HistoryLength, IReadOnlyList<double> HorizonSeconds)
{
    public int Steps => HorizonSeconds.Count;
}
