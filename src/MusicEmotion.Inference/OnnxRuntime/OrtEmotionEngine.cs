using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>
/// An emotion model run by ONNX Runtime. Every tensor is allocated and bound once, over pinned managed buffers,
/// so a <see cref="Step"/> is a copy of the frame in, one native run and two floats out, with no allocation.
/// A stateful model's state is carried without copying: two sets of state tensors take turns, the outputs
/// (h_out, c_out) of one step being bound as the inputs (h_in, c_in) of the next. Not thread-safe: one pipeline
/// stage owns an engine.
/// </summary>
public sealed class OrtEmotionEngine : IEmotionEngine
{
    private const int WarmUpSteps = 3;

    private readonly OnnxSession _session;
    private readonly PinnedOrtTensor _mel;
    private readonly PinnedOrtTensor _av;

    // Stateful models: state set i feeds binding i and is written by binding 1-i. Empty when stateless.
    private readonly PinnedOrtTensor[] _hidden;
    private readonly PinnedOrtTensor[] _cell;
    private readonly OnnxBinding[] _bindings;
    private int _current;
    private bool _disposed;

    private OrtEmotionEngine(OnnxSession session, ModelSignature signature, EngineInfo info)
    {
        _session = session;
        Info = info;
        _mel = new PinnedOrtTensor(1, signature.Frames, signature.Bands);
        _av = new PinnedOrtTensor(1, 2);
        if (!signature.IsStateful)
        {
            _hidden = [];
            _cell = [];
            _bindings = [Bind(_mel, _av)];
            return;
        }
        long[] stateShape = [signature.StateLayers, 1, signature.StateHidden];
        _hidden = [new PinnedOrtTensor(stateShape), new PinnedOrtTensor(stateShape)];
        _cell = [new PinnedOrtTensor(stateShape), new PinnedOrtTensor(stateShape)];
        _bindings = [Bind(_mel, _av, 0), Bind(_mel, _av, 1)];
    }

    public EngineInfo Info { get; private set; }

    /// <summary>
    /// Loads <paramref name="onnxPath"/>, checks it against the model contract, warms it up on the chosen provider
    /// (ORT's first runs are slow) and returns it in the zero state.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a model ORT can load, or not an emotion model of the contract.</exception>
    /// <exception cref="OrtProviderUnavailableException">The provider asked for cannot start here.</exception>
    /// <exception cref="Native.NativeLibraryMissingException">The ONNX Runtime library is not installed.</exception>
    public static OrtEmotionEngine Load(string onnxPath, OrtEngineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        options ??= OrtEngineOptions.Default;
        float[] silence = new float[OrtModelContract.Frames * OrtModelContract.Bands];
        (OrtEmotionEngine engine, OrtProvider _, string note) = OrtProviderChoice.Load(
            options, provider => Create(onnxPath, options, provider), e => e.Step(silence));
        engine.Reset();
        engine.Info = engine.Info with { Note = note };
        return engine;
    }

    public AffectPoint Step(ReadOnlySpan<float> features)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<float> mel = _mel.Values;
        if (features.Length != mel.Length)
        {
            throw new ArgumentException(
                $"a frame is {Info.Signature.Frames} x {Info.Signature.Bands} = {mel.Length} floats, got {features.Length}",
                nameof(features));
        }
        features.CopyTo(mel);
        Advance();
        Span<float> av = _av.Values;
        return new AffectPoint(av[0], av[1]);
    }

    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hidden.Length > 0)
        {
            _hidden[_current].Values.Clear();
            _cell[_current].Values.Clear();
        }
    }

    public LstmState SnapshotState()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hidden.Length == 0)
        {
            return LstmState.Empty;
        }
        var state = new LstmState(Info.Signature.StateLayers, Info.Signature.StateHidden);
        _hidden[_current].Values.CopyTo(state.H);
        _cell[_current].Values.CopyTo(state.C);
        return state;
    }

    public void CopyStateTo(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hidden.Length != 0)
        {
            _hidden[_current].Values.CopyTo(state.H);
            _cell[_current].Values.CopyTo(state.C);
        }
    }

    public void RestoreState(LstmState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ModelSignature signature = Info.Signature;
        if (state.Layers != signature.StateLayers || state.Hidden != signature.StateHidden)
        {
            throw new ArgumentException(
                $"state is {state.Layers} layers x {state.Hidden}, {Info.ModelName} carries "
                + $"{signature.StateLayers} layers x {signature.StateHidden}", nameof(state));
        }
        if (_hidden.Length > 0)
        {
            state.H.CopyTo(_hidden[_current].Values);
            state.C.CopyTo(_cell[_current].Values);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (OnnxBinding binding in _bindings)
        {
            binding.Dispose();
        }
        foreach (PinnedOrtTensor tensor in _hidden.Concat(_cell).Append(_mel).Append(_av))
        {
            tensor.Dispose();
        }
        _session.Dispose();
    }

    private static OrtEmotionEngine Create(string path, OrtEngineOptions options, OrtProvider provider)
    {
        OnnxSession session = OrtSessionLoader.Open(path, options, provider);
        try
        {
            ModelSignature signature = OrtModelContract.ReadEmotion(session, path);
            var info = new EngineInfo("onnxruntime", provider.Name(), Path.GetFileNameWithoutExtension(path), path, signature);
            var engine = new OrtEmotionEngine(session, signature, info);
            engine.WarmUp();
            return engine;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>One run on the bound tensors; a stateful model's next step then reads the state this one wrote.</summary>
    private void Advance()
    {
        _bindings[_current].Run();
        if (_bindings.Length == 2)
        {
            _current = 1 - _current;
        }
    }

    private void WarmUp()
    {
        _mel.Values.Clear();
        for (int i = 0; i < WarmUpSteps; i++)
        {
            Advance();
        }
        Reset();
    }

    private OnnxBinding Bind(PinnedOrtTensor mel, PinnedOrtTensor av)
    {
        OnnxBinding binding = _session.CreateBinding();
        binding.BindInput(OrtModelContract.Mel, mel);
        binding.BindOutput(OrtModelContract.Av, av);
        return binding;
    }

    /// <summary>Binding <paramref name="set"/> reads state set <paramref name="set"/> and writes the other one.</summary>
    private OnnxBinding Bind(PinnedOrtTensor mel, PinnedOrtTensor av, int set)
    {
        OnnxBinding binding = Bind(mel, av);
        binding.BindInput(OrtModelContract.HiddenIn, _hidden[set]);
        binding.BindInput(OrtModelContract.CellIn, _cell[set]);
        binding.BindOutput(OrtModelContract.HiddenOut, _hidden[1 - set]);
        binding.BindOutput(OrtModelContract.CellOut, _cell[1 - set]);
        return binding;
    }
}
