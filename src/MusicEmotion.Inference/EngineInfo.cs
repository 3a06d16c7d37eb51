namespace MusicEmotion.Inference;

/// <summary>What an emotion model takes and carries, read from the model file itself.</summary>
/// <param name="Frames">Time steps per input frame (44).</param>
/// <param name="Bands">Mel bands per time step (128).</param>
/// <param name="StateLayers">LSTM layers whose state the runtime carries (0 for a stateless model).</param>
/// <param name="StateHidden">Hidden size of the carried state (0 for a stateless model).</param>
public sealed record ModelSignature(int Frames, int Bands, int StateLayers, int StateHidden)
{
    public bool IsStateful => StateLayers > 0;

    /// <summary>Floats in one input frame.</summary>
    public int FrameSize => Frames * Bands;
}

/// <param name="Engine">"managed" or "onnxruntime".</param>
/// <param name="Provider">Where it runs: "managed" (SIMD C#), or an ORT provider such as "cpu", "cuda", "dml".</param>
/// <param name="ModelName">The model's name (file stem).</param>
/// <param name="ModelPath">The .onnx file.</param>
/// <param name="Signature">What the model takes and carries.</param>
/// <param name="Note">Why this engine/provider was chosen, when <c>auto</c> chose it; otherwise empty.</param>
public sealed record EngineInfo(
    string Engine, string Provider, string ModelName, string ModelPath, ModelSignature Signature, string Note = "")
{
    /// <summary>Steps run (and then forgotten by a reset) before the engine was handed out; see <see cref="EngineFactory"/>.</summary>
    public int WarmUpSteps { get; init; }
}
