using System.Diagnostics;
using MusicEmotion.Inference;

namespace MusicEmotion.Pipeline.Bench;

/// <summary>A forecaster that notes how long its last <see cref="Predict"/> took (see <see cref="TimedEngine"/>).</summary>
internal sealed class TimedForecaster(IForecaster inner) : IForecaster
{
    private long _lastTicks;

    public ForecastInfo Info => inner.Info;

    /// <summary>Stopwatch ticks of the last prediction since the previous call, 0 when there was none.</summary>
    public long TakeTicks()
    {
        long ticks = _lastTicks;
        _lastTicks = 0;
        return ticks;
    }

    public void Predict(ReadOnlySpan<AffectPoint> history, Span<AffectPoint> next)
    {
        long start = Stopwatch.GetTimestamp();
        inner.Predict(history, next);
        _lastTicks = Stopwatch.GetTimestamp() - start;
    }

    /// <summary>The forecaster is borrowed: its owner disposes it.</summary>
    public void Dispose()
    {
    }
}
