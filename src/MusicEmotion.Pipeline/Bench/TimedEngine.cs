using System.Diagnostics;
using MusicEmotion.Inference;

namespace MusicEmotion.Pipeline.Bench;

/// <summary>
/// An emotion engine that notes how long its last <see cref="Step"/> took, so the bench can split the tracker's
/// frame into inference and forecast while running the tracker itself, the code live runs.
/// </summary>
internal sealed class TimedEngine(IEmotionEngine inner) : IEmotionEngine
{
    private long _lastTicks;

    public EngineInfo Info => inner.Info;

    /// <summary>Stopwatch ticks of the last step since the previous call, 0 when there was none.</summary>
    public long TakeTicks()
    {
        long ticks = _lastTicks;
        _lastTicks = 0;
        return ticks;
    }

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        long start = Stopwatch.GetTimestamp();
        AffectPoint point = inner.Step(features);
        _lastTicks = Stopwatch.GetTimestamp() - start;
        return point;
    }

    public void Reset() => inner.Reset();

    public LstmState SnapshotState() => inner.SnapshotState();

    public void RestoreState(LstmState state) => inner.RestoreState(state);

    /// <summary>The engine is borrowed: its owner disposes it.</summary>
    public void Dispose()
    {
    }
}
