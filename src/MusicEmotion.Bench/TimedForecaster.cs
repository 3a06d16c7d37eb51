using System.Diagnostics;
using MusicEmotion.Inference;

namespace MusicEmotion.Bench;

/// <summary>A forecaster that notes how long its last <see cref="Predict"/> took (see <see cref="TimedEngine"/>).</summary>
internal sealed class TimedForecaster(IForecaster inner) : IForecaster
{
    public ForecastInfo Info => inner.Info;

    public LastCallTime LastPrediction { get; } = new();

    public void Predict(ReadOnlySpan<AffectPoint> history, Span<AffectPoint> next)
    {
        long start = Stopwatch.GetTimestamp();
        inner.Predict(history, next);
        LastPrediction.Set(start);
    }

    /// <summary>The forecaster is borrowed: its owner disposes it.</summary>
    public void Dispose()
    {
    }
}
