namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// An engine whose readings pass through a listener's calibration. Wrapping the engine (rather than changing it)
/// lets every session path (analyze, live, serve, render, bench) apply a profile the same way; the map is six
/// multiply-adds and two clamps on a value type, so a step still allocates nothing.
/// </summary>
public sealed class CalibratedEngine(IEmotionEngine inner, AffineCalibration map) : IEmotionEngine
{
    public EngineInfo Info => inner.Info;

    public AffineCalibration Map => map;

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        AffectPoint raw = inner.Step(features);
        // A non-finite reading stays non-finite: the tracker resets the engine on it.
        return raw.IsFinite ? map.Apply(raw) : raw;
    }

    public void Reset() => inner.Reset();

    public LstmState SnapshotState() => inner.SnapshotState();

    public void RestoreState(LstmState state) => inner.RestoreState(state);

    public void CopyStateTo(LstmState state) => inner.CopyStateTo(state);

    public void Dispose() => inner.Dispose();
}
