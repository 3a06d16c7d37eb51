namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// Wraps an engine for offline runs and keeps, after every step, the reading and the last LSTM layer's h: the
/// vector the model's output head reads, so a head refit can be fitted on it. It copies the state each step, so
/// it allocates: it is for feedback labels and proofs, never for a live path.
/// </summary>
public sealed class HiddenStateRecorder(IEmotionEngine inner) : IEmotionEngine
{
    private readonly List<RecordedStep> _steps = [];

    public EngineInfo Info => inner.Info;

    /// <summary>Every step since the recorder was made, in order (non-finite readings included).</summary>
    public IReadOnlyList<RecordedStep> Steps => _steps;

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        AffectPoint reading = inner.Step(features);
        _steps.Add(new RecordedStep(reading, TopLayerHidden(inner.SnapshotState())));
        return reading;
    }

    /// <summary>The last layer's h out of a state (layer-major): empty for a stateless model.</summary>
    public static float[] TopLayerHidden(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Layers == 0 ? [] : state.H.AsSpan((state.Layers - 1) * state.Hidden, state.Hidden).ToArray();
    }

    public void Reset() => inner.Reset();

    public LstmState SnapshotState() => inner.SnapshotState();

    public void RestoreState(LstmState state) => inner.RestoreState(state);

    public void CopyStateTo(LstmState state) => inner.CopyStateTo(state);

    public void Dispose() => inner.Dispose();
}

/// <summary>One step as the recorder saw it: the model's reading and the hidden state its head read.</summary>
public readonly record struct RecordedStep(AffectPoint Reading, float[] Hidden);
