using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Bench;

/// <summary>
/// The latency histograms of one measured stretch: each stage of the per-frame path, the whole frame, and (when
/// paced like live) how late each frame started against its schedule.
/// </summary>
public sealed class BenchStages
{
    public const string FeaturesName = "features";
    public const string InferenceName = "inference";
    public const string ForecastName = "forecast";
    public const string EndToEndName = "end-to-end";
    public const string WakeUpName = "wake-up";

    public LatencyHistogram Features { get; } = new();

    public LatencyHistogram Inference { get; } = new();

    public LatencyHistogram Forecast { get; } = new();

    /// <summary>Features, engine, forecaster and the tracker's bookkeeping: the whole frame.</summary>
    public LatencyHistogram EndToEnd { get; } = new();

    /// <summary>Lateness of each frame's start against its 2 Hz schedule; empty unless paced.</summary>
    public LatencyHistogram WakeUp { get; } = new();

    /// <summary>The stages by name, in report order; wake-up only when something was recorded in it.</summary>
    public IEnumerable<(string Name, LatencyHistogram Histogram)> Named()
    {
        yield return (FeaturesName, Features);
        yield return (InferenceName, Inference);
        yield return (ForecastName, Forecast);
        yield return (EndToEndName, EndToEnd);
        if (WakeUp.Count > 0)
        {
            yield return (WakeUpName, WakeUp);
        }
    }

    public void Add(BenchStages other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Features.Add(other.Features);
        Inference.Add(other.Inference);
        Forecast.Add(other.Forecast);
        EndToEnd.Add(other.EndToEnd);
        WakeUp.Add(other.WakeUp);
    }

    public void Reset()
    {
        Features.Reset();
        Inference.Reset();
        Forecast.Reset();
        EndToEnd.Reset();
        WakeUp.Reset();
    }
}
