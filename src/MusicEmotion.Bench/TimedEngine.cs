using System.Diagnostics;
using MusicEmotion.Inference;

namespace MusicEmotion.Bench;

/// <summary>
/// An emotion engine that notes how long its last <see cref="Step"/> took, so the bench can split the tracker's
/// frame into inference and forecast while running the tracker itself, the code live runs.
/// </summary>
internal sealed class TimedEngine(IEmotionEngine inner) : IEmotionEngine
{
    public EngineInfo Info => inner.Info;

    public LastCallTime LastStep { get; } = new();

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        long start = Stopwatch.GetTimestamp();
        AffectPoint point = inner.Step(features);
        LastStep.Set(start);
        return point;
    }

    public void Reset() => inner.Reset();

    public LstmState SnapshotState() => inner.SnapshotState();

    public void RestoreState(LstmState state) => inner.RestoreState(state);

    public void CopyStateTo(LstmState state) => inner.CopyStateTo(state);

    /// <summary>The engine is borrowed: its owner disposes it.</summary>
    public void Dispose()
    {
    }
}
