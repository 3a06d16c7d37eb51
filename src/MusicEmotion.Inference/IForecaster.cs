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

/// <summary>What produces a forecast.</summary>
public enum ForecasterKind
{
    /// <summary>A forecaster model (ONNX), run by an engine.</summary>
    Model,

    /// <summary>The closed-form linear trend over the history: no model needed.</summary>
    LinearTrend,
}

/// <param name="Source">The forecaster model's name, or <see cref="LinearTrendName"/> for the closed-form fallback.</param>
/// <param name="HistoryLength">Readings it looks back on (10 = 5 s).</param>
/// <param name="HorizonSeconds">For each predicted point, how far after the last reading it lies.</param>
/// <param name="Kind">A model, or the linear trend.</param>
public sealed record ForecastInfo(
    string Source, int HistoryLength, IReadOnlyList<double> HorizonSeconds, ForecasterKind Kind = ForecasterKind.Model)
{
    /// <summary>The name the linear trend goes by in recordings and reports.</summary>
    public const string LinearTrendName = "linear-trend";

    public int Steps => HorizonSeconds.Count;
}
