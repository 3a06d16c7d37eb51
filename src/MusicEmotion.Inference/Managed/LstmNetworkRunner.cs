namespace MusicEmotion.Inference.Managed;

/// <summary>
/// Runs an <see cref="LstmNetwork"/> on one input sequence at a time: per layer one matrix multiply for the
/// input projection of all steps, then the recurrence; then the head on one step of the last layer.
/// Owns every buffer, sized at construction, so <see cref="Run"/> allocates nothing. Carries each layer's
/// h and c from run to run; a stateless network reloads its constant initial state at the start of each run.
/// </summary>
internal sealed class LstmNetworkRunner
{
    private readonly LstmNetwork _network;
    private readonly PackedLstmLayer[] _layers;
    private readonly HeadOperation[] _headOperations;
    private readonly ManagedKernel _kernel;
    private readonly float[] _gates;
    private readonly float[][] _sequences;
    private readonly float[][] _h;
    private readonly float[][] _c;
    private readonly float[][] _head;

    public LstmNetworkRunner(LstmNetwork network, ManagedKernel kernel)
    {
        _network = network;
        _kernel = ManagedKernels.Resolve(kernel);
        _layers = [.. network.Layers.Select(PackedLstmLayer.Pack)];
        // An array, not the record's IReadOnlyList: foreach over the interface would allocate an enumerator per run.
        _headOperations = [.. network.Head];
        int steps = network.Steps;
        _gates = new float[steps * _layers.Max(l => l.Width)];
        // Layers read their input from the previous layer's output and write their own: two buffers take turns.
        int sequence = steps * _layers.Max(l => l.Padded);
        _sequences = [new float[sequence], new float[sequence]];
        _h = [.. _layers.Select(l => new float[l.Padded])];
        _c = [.. _layers.Select(l => new float[l.Padded])];
        int headWidth = Math.Max(_layers[^1].Hidden, _headOperations.Select(o => o.OutputSize).DefaultIfEmpty(0).Max());
        _head = [new float[headWidth], new float[headWidth]];
        ResetState();
    }

    /// <param name="input">[Steps, InputSize], time-major.</param>
    /// <param name="output">The head's output, <see cref="LstmNetwork.OutputSize"/> floats.</param>
    public void Run(ReadOnlySpan<float> input, Span<float> output)
    {
        int steps = _network.Steps;
        ReadOnlySpan<float> x = input;
        int stride = _network.InputSize;
        for (int l = 0; l < _layers.Length; l++)
        {
            PackedLstmLayer layer = _layers[l];
            if (!_network.IsStateful)
            {
                ResetLayer(l);
            }
            Span<float> y = _sequences[l % 2].AsSpan(0, steps * layer.Padded);
            switch (_kernel)
            {
                case ManagedKernel.Avx512:
                    Avx512LstmKernels.ProjectInput(x, stride, steps, layer, _gates);
                    Avx512LstmKernels.Recur(layer, _gates, _h[l], _c[l], y, steps);
                    break;
                case ManagedKernel.Avx2:
                    Avx2LstmKernels.ProjectInput(x, stride, steps, layer, _gates);
                    Avx2LstmKernels.Recur(layer, _gates, _h[l], _c[l], y, steps);
                    break;
                default:
                    ScalarLstmKernels.ProjectInput(x, stride, steps, layer, _gates);
                    ScalarLstmKernels.Recur(layer, _gates, _h[l], _c[l], y, steps);
                    break;
            }
            // c was updated in place; the final h is the last output row.
            y.Slice((steps - 1) * layer.Padded, layer.Padded).CopyTo(_h[l]);
            x = y;
            stride = layer.Padded;
        }
        RunHead(x.Slice(_network.HeadStep * stride, _layers[^1].Hidden), output);
    }

    private void RunHead(ReadOnlySpan<float> last, Span<float> output)
    {
        Span<float> current = _head[0].AsSpan(0, last.Length);
        last.CopyTo(current);
        int turn = 0;
        foreach (HeadOperation operation in _headOperations)
        {
            Span<float> next = _head[++turn % 2].AsSpan(0, operation.OutputSize);
            switch (operation)
            {
                case DenseOperation dense:
                    Dense(dense, current, next);
                    break;
                case BiasOperation bias:
                    for (int i = 0; i < next.Length; i++)
                    {
                        next[i] = current[i] + bias.Bias[i];
                    }
                    break;
                case ActivationOperation activation:
                    Activate(activation.Kind, current, next);
                    break;
                default:
                    throw new InvalidOperationException($"head operation {operation.GetType().Name} has no kernel");
            }
            current = next;
        }
        current.CopyTo(output);
    }

    private static void Dense(DenseOperation dense, ReadOnlySpan<float> input, Span<float> output)
    {
        for (int o = 0; o < dense.OutputSize; o++)
        {
            ReadOnlySpan<float> row = dense.Weights.AsSpan(o * dense.InputSize, dense.InputSize);
            float sum = 0f;
            for (int k = 0; k < row.Length; k++)
            {
                sum += row[k] * input[k];
            }
            output[o] = sum + dense.Bias[o];
        }
    }

    private static void Activate(ActivationKind kind, ReadOnlySpan<float> input, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = kind switch
            {
                ActivationKind.Relu => MathF.Max(input[i], 0f),
                ActivationKind.Sigmoid => LstmActivations.Sigmoid(input[i]),
                _ => LstmActivations.Tanh(input[i]),
            };
        }
    }

    /// <summary>Every layer back to its initial state (zeros for a stateful network).</summary>
    public void ResetState()
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            ResetLayer(l);
        }
    }

    private void ResetLayer(int l)
    {
        _layers[l].InitialH.CopyTo(_h[l], 0);
        _layers[l].InitialC.CopyTo(_c[l], 0);
    }

    /// <summary>Copies the carried h and c into <paramref name="state"/> ([layers * hidden] each, layer-major).</summary>
    public void CopyStateTo(LstmState state)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            int hidden = _layers[l].Hidden;
            _h[l].AsSpan(0, hidden).CopyTo(state.H.AsSpan(l * hidden, hidden));
            _c[l].AsSpan(0, hidden).CopyTo(state.C.AsSpan(l * hidden, hidden));
        }
    }

    public void CopyStateFrom(LstmState state)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            int hidden = _layers[l].Hidden;
            state.H.AsSpan(l * hidden, hidden).CopyTo(_h[l]);
            state.C.AsSpan(l * hidden, hidden).CopyTo(_c[l]);
        }
    }
}
