using Microsoft.ML.OnnxRuntime;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// Inputs and outputs bound once to fixed tensors, so that each <see cref="Run"/> is one native call that reads
/// and writes those tensors in place and allocates nothing.
/// </summary>
public sealed class OnnxBinding : IDisposable
{
    private readonly OnnxSession _session;
    private readonly OrtIoBinding _binding;

    // The bound tensors' arrays must outlive the binding that points into them.
    private readonly List<PinnedOrtTensor> _bound = [];

    internal OnnxBinding(OnnxSession session, OrtIoBinding binding)
    {
        _session = session;
        _binding = binding;
    }

    public void BindInput(string name, PinnedOrtTensor tensor) => Bind(name, tensor, output: false);

    public void BindOutput(string name, PinnedOrtTensor tensor) => Bind(name, tensor, output: true);

    /// <summary>Runs the session on the bound inputs, writing into the bound outputs.</summary>
    public void Run()
    {
        try
        {
            _session.Session.RunWithBinding(_session.RunOptions, _binding);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException error)
        {
            // Not through OnnxRuntimeLibrary.Call: its closure would allocate on every step.
            throw OnnxRuntimeLibrary.Translate(error);
        }
    }

    public void Dispose() => _binding.Dispose();

    private void Bind(string name, PinnedOrtTensor tensor, bool output)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        OnnxRuntimeLibrary.Call(() =>
        {
            if (output)
            {
                _binding.BindOutput(name, tensor.Value);
            }
            else
            {
                _binding.BindInput(name, tensor.Value);
            }
        });
        _bound.Add(tensor);
    }
}
