using System.Diagnostics;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// How a session is built: threads, graph optimisation, and the execution providers to try before ORT's CPU
/// provider (which is always there as the fallback for any node another provider does not take).
/// </summary>
public sealed unsafe class OnnxSessionOptions : IDisposable
{
    private const string DirectMLExport = "OrtSessionOptionsAppendExecutionProvider_DML";

    private readonly OrtHandle<OrtSessionOptions> _handle;

    public OnnxSessionOptions()
    {
        OrtSessionOptions* options;
        OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->CreateSessionOptions(&options));
        _handle = new OrtHandle<OrtSessionOptions>(options, OnnxRuntimeInterop.Api->ReleaseSessionOptions);
    }

    internal OrtHandle<OrtSessionOptions> Handle => _handle;

    /// <summary>Threads inside one operator (intra) and across independent operators (inter); 0 lets ORT choose.</summary>
    public void SetThreads(int intraOp, int interOp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOp);
        ArgumentOutOfRangeException.ThrowIfNegative(interOp);
        OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->SetIntraOpNumThreads(_handle.Pointer, intraOp));
        OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->SetInterOpNumThreads(_handle.Pointer, interOp));
    }

    public void SetGraphOptimization(OnnxGraphOptimization level) =>
        OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->SetSessionGraphOptimizationLevel(_handle.Pointer, level));

    /// <summary>
    /// Adds NVIDIA CUDA on GPU <paramref name="deviceId"/>. ORT loads its CUDA provider library
    /// (libonnxruntime_providers_cuda) here; when that or CUDA itself is missing, the exception carries ORT's reason.
    /// </summary>
    public void AppendCuda(int deviceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        OrtCudaProviderOptions cuda = OrtCudaProviderOptions.Defaults(deviceId);
        OnnxRuntimeInterop.ThrowIfFailed(
            OnnxRuntimeInterop.Api->SessionOptionsAppendExecutionProvider_CUDA(_handle.Pointer, &cuda));
    }

    /// <summary>
    /// Adds DirectML (Direct3D 12) on adapter <paramref name="deviceId"/>: Windows only, and only with ORT's DirectML
    /// build, which exports its own entry point for it.
    /// </summary>
    public void AppendDirectML(int deviceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("DirectML runs only on Windows");
        }
        var append = (delegate* unmanaged[Cdecl]<OrtSessionOptions*, int, OrtStatus*>)NativeLibraries.GetExport(
            NativeLibraries.OnnxRuntime, DirectMLExport);
        if (append == null)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented,
                $"this ONNX Runtime {OnnxRuntimeInterop.Version} is not the DirectML build (no {DirectMLExport} export)");
        }
        PreloadBundledDirectML();
        // The DirectML provider supports neither memory-pattern planning nor parallel execution.
        OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->DisableMemPattern(_handle.Pointer));
        OnnxRuntimeInterop.ThrowIfFailed(
            OnnxRuntimeInterop.Api->SetSessionExecutionMode(_handle.Pointer, OrtExecutionMode.Sequential));
        OnnxRuntimeInterop.ThrowIfFailed(append(_handle.Pointer, deviceId));
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Windows keeps an older DirectML.dll in System32 that this ORT cannot use, and the loader would pick it
    /// first; loading the DirectML.dll shipped beside onnxruntime.dll now makes every later lookup by name get it.
    /// </summary>
    private static void PreloadBundledDirectML()
    {
        nint ort = NativeLibraries.Load(NativeLibraries.OnnxRuntime);
        using var process = Process.GetCurrentProcess();
        foreach (ProcessModule module in process.Modules)
        {
            if (module.BaseAddress != ort || Path.GetDirectoryName(module.FileName) is not { } folder)
            {
                continue;
            }
            string directML = Path.Combine(folder, "DirectML.dll");
            if (File.Exists(directML))
            {
                System.Runtime.InteropServices.NativeLibrary.Load(directML);
            }
            return;
        }
    }
}
