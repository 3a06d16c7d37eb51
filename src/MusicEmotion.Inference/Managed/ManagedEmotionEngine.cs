using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The emotion engine with no native dependency: reads the .onnx file itself, lowers it to an LSTM network and
/// runs it with SIMD kernels in C#. Takes a stateful model (mel, h_in, c_in -> av, h_out, c_out), whose state
/// it carries from step to step, or a stateless one (mel -> av), which starts from zero every frame.
/// </summary>
public sealed class ManagedEmotionEngine : IEmotionEngine
{
    /// <summary>Time steps and mel bands of one frame, the emotion model contract.</summary>
    public const int Frames = 44, Bands = 128;

    private readonly LstmNetworkRunner _runner;
    private readonly float[] _output = new float[2];
    private bool _disposed;

    private ManagedEmotionEngine(LstmNetwork network, ManagedKernel kernel)
    {
        if (network.Steps != Frames || network.InputSize != Bands)
        {
            throw new OnnxModelException(
                network.Source,
                $"input {network.DescribeInput()} is not an emotion model's [*,{Frames},{Bands}] ({Frames} time steps of {Bands} mel bands)");
        }
        if (network.OutputSize != 2)
        {
            throw new OnnxModelException(
                network.Source,
                $"output is {TensorShape.Describe([.. network.OutputShape])}; an emotion model outputs [1,2] (arousal, valence)");
        }
        _runner = new LstmNetworkRunner(network, kernel);
        Info = new EngineInfo(
            "managed",
            ManagedKernels.ProviderName(kernel),
            network.Name,
            network.Source,
            network.IsStateful
                ? new ModelSignature(Frames, Bands, network.Layers.Count, network.Layers[0].Hidden)
                : new ModelSignature(Frames, Bands, 0, 0));
    }

    public EngineInfo Info { get; }

    /// <summary>Reads and checks the model; an <see cref="OnnxModelException"/> says what is wrong with it.</summary>
    public static ManagedEmotionEngine Load(string onnxPath, ManagedKernel kernel = ManagedKernel.Best) =>
        new(LstmNetwork.Load(onnxPath), kernel);

    /// <summary>An engine for a network already lowered (a generated model, a benchmark).</summary>
    public static ManagedEmotionEngine Create(LstmNetwork network, ManagedKernel kernel = ManagedKernel.Best)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ManagedEmotionEngine(network, kernel);
    }

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (features.Length != Frames * Bands)
        {
            throw new ArgumentException(
                $"a frame is {Frames} x {Bands} = {Frames * Bands} floats (time-major), got {features.Length}", nameof(features));
        }
        _runner.Run(features, _output);
        return new AffectPoint(_output[0], _output[1]);
    }

    public void Reset() => _runner.ResetState();

    public LstmState SnapshotState()
    {
        ModelSignature signature = Info.Signature;
        if (!signature.IsStateful)
        {
            return LstmState.Empty;
        }
        var state = new LstmState(signature.StateLayers, signature.StateHidden);
        _runner.CopyStateTo(state);
        return state;
    }

    public void CopyStateTo(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Info.Signature.IsStateful)
        {
            _runner.CopyStateTo(state);
        }
    }

    public void RestoreState(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ModelSignature signature = Info.Signature;
        int layers = signature.StateLayers, hidden = signature.StateHidden;
        if (state.Layers != layers || state.Hidden != hidden)
        {
            throw new ArgumentException(
                $"state of {state.Layers} layers x {state.Hidden} does not fit {Info.ModelName} ({layers} layers x {hidden})", nameof(state));
        }
        if (signature.IsStateful)
        {
            _runner.CopyStateFrom(state);
        }
    }

    public void Dispose() => _disposed = true;
}
