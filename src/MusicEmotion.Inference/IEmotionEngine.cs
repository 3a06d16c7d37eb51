namespace MusicEmotion.Inference;

/// <summary>
/// Runs an emotion model one 0.5 s frame at a time. Stateful models carry their LSTM state (h, c per layer)
/// from one <see cref="Step"/> to the next inside the engine; stateless ones (the paper's) start from zero
/// every frame. <see cref="Step"/> allocates nothing once warmed up.
/// </summary>
public interface IEmotionEngine : IDisposable
{
    /// <summary>Which engine, which provider, which model: what a status line or a recording header shows.</summary>
    EngineInfo Info { get; }

    /// <summary>
    /// One frame: z-scored log-mel, time-major [<see cref="ModelSignature.Frames"/> x <see cref="ModelSignature.Bands"/>].
    /// </summary>
    AffectPoint Step(ReadOnlySpan<float> features);

    /// <summary>Back to the zero state (new track, long silence). A no-op for stateless models.</summary>
    void Reset();

    /// <summary>A copy of the carried state (empty for stateless models).</summary>
    LstmState SnapshotState();

    /// <summary>Continue from a state taken with <see cref="SnapshotState"/> on a model of the same shape.</summary>
    void RestoreState(LstmState state);

    /// <summary>
    /// Copies the carried state into <paramref name="state"/> (made for this model's shape). The engines override it
    /// to copy without allocating, which a per-frame reader of the state (a head refit) needs; this fallback
    /// goes through a snapshot.
    /// </summary>
    void CopyStateTo(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        LstmState snapshot = SnapshotState();
        snapshot.H.CopyTo(state.H, 0);
        snapshot.C.CopyTo(state.C, 0);
    }
}

/// <summary>Offline use of any engine: many frames in order, state carried.</summary>
public static class EmotionEngineExtensions
{
    /// <summary>
    /// Runs <paramref name="frames"/> (consecutive frames, each Frames x Bands floats) in order and writes one
    /// reading per frame into <paramref name="readings"/>.
    /// </summary>
    public static void Run(this IEmotionEngine engine, ReadOnlySpan<float> frames, Span<AffectPoint> readings)
    {
        ArgumentNullException.ThrowIfNull(engine);
        int size = engine.Info.Signature.FrameSize;
        if (frames.Length != readings.Length * size)
        {
            throw new ArgumentException(
                $"expected {readings.Length} frames of {size} floats, got {frames.Length} floats", nameof(frames));
        }
        for (int i = 0; i < readings.Length; i++)
        {
            readings[i] = engine.Step(frames.Slice(i * size, size));
        }
    }
}
