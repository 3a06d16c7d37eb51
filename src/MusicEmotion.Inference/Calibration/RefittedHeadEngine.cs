namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// An engine whose readings come from a listener's refitted output head: the model runs as always (its state carried
/// as always), then the refit reads the last layer's h in place of the model's head. The state is copied into a
/// buffer made once, and the head is 2 x hidden multiply-adds and two tanh, so a step still allocates nothing.
/// </summary>
public sealed class RefittedHeadEngine : IEmotionEngine
{
    private readonly IEmotionEngine _inner;
    private readonly OutputHead _head;
    private readonly LstmState _state;
    private readonly int _topLayer;

    public RefittedHeadEngine(IEmotionEngine inner, OutputHead head)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(head);
        ModelSignature signature = inner.Info.Signature;
        if (!signature.IsStateful || signature.StateHidden != head.Hidden)
        {
            throw new InvalidDataException(
                $"the profile's refitted head reads {head.Hidden} hidden values; model {inner.Info.ModelName} carries {(signature.IsStateful ? signature.StateHidden : 0)}");
        }
        _inner = inner;
        _head = head;
        _state = new LstmState(signature.StateLayers, signature.StateHidden);
        _topLayer = (signature.StateLayers - 1) * signature.StateHidden;
    }

    public EngineInfo Info => _inner.Info;

    public OutputHead Head => _head;

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        AffectPoint raw = _inner.Step(features);
        // A non-finite reading stays non-finite: the tracker resets the engine on it.
        if (!raw.IsFinite)
        {
            return raw;
        }
        _inner.CopyStateTo(_state);
        return _head.Apply(_state.H.AsSpan(_topLayer, _head.Hidden));
    }

    public void Reset() => _inner.Reset();

    public LstmState SnapshotState() => _inner.SnapshotState();

    public void RestoreState(LstmState state) => _inner.RestoreState(state);

    public void CopyStateTo(LstmState state) => _inner.CopyStateTo(state);

    public void Dispose() => _inner.Dispose();
}
