using System.Text;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// Inputs and outputs bound once to fixed tensors, so that each <see cref="Run"/> is one native call that reads
/// and writes those tensors in place and allocates nothing.
/// </summary>
public sealed unsafe class OnnxBinding : IDisposable
{
    private readonly OnnxSession _session;
    private readonly OrtIoBindingHandle _handle;

    // The bound tensors' arrays must outlive the binding that points into them.
    private readonly List<PinnedOrtTensor> _bound = [];

    internal OnnxBinding(OnnxSession session, OrtIoBindingHandle handle)
    {
        _session = session;
        _handle = handle;
    }

    public void BindInput(string name, PinnedOrtTensor tensor) => Bind(name, tensor, output: false);

    public void BindOutput(string name, PinnedOrtTensor tensor) => Bind(name, tensor, output: true);

    /// <summary>Runs the session on the bound inputs, writing into the bound outputs.</summary>
    public void Run() => OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->RunWithBinding(
        _session.Handle.Pointer, _session.RunOptions.Pointer, _handle.Pointer));

    public void Dispose() => _handle.Dispose();

    private void Bind(string name, PinnedOrtTensor tensor, bool output)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        fixed (byte* utf8 = Encoding.UTF8.GetBytes(name + "\0"))
        {
            OrtApi* api = OnnxRuntimeInterop.Api;
            OnnxRuntimeInterop.ThrowIfFailed(output
                ? api->BindOutput(_handle.Pointer, utf8, tensor.Handle.Pointer)
                : api->BindInput(_handle.Pointer, utf8, tensor.Handle.Pointer));
        }
        _bound.Add(tensor);
    }
}
