using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// How a session is built: threads, graph optimisation, and the execution providers to try before ORT's CPU
/// provider (which is always there as the fallback for any node another provider does not take).
/// </summary>
public sealed class OnnxSessionOptions : IDisposable
{
    private const string DirectMLExport = "OrtSessionOptionsAppendExecutionProvider_DML";
    private const string CudaExport = "OrtSessionOptionsAppendExecutionProvider_CUDA";

    public OnnxSessionOptions()
    {
        // The environment (and so the library, through our resolver) comes before any other ORT object.
        _ = OnnxRuntimeLibrary.Env;
        Options = new SessionOptions();
    }

    internal SessionOptions Options { get; }

    /// <summary>Threads inside one operator (intra) and across independent operators (inter); 0 lets ORT choose.</summary>
    public void SetThreads(int intraOp, int interOp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOp);
        ArgumentOutOfRangeException.ThrowIfNegative(interOp);
        Options.IntraOpNumThreads = intraOp;
        Options.InterOpNumThreads = interOp;
    }

    /// <summary>ORT's GraphOptimizationLevel has the C API's numbers, as <see cref="OnnxGraphOptimization"/> does.</summary>
    public void SetGraphOptimization(OnnxGraphOptimization level) =>
        Options.GraphOptimizationLevel = (GraphOptimizationLevel)(int)level;

    /// <summary>
    /// Adds NVIDIA CUDA on GPU <paramref name="deviceId"/>. ORT loads its CUDA provider library
    /// (libonnxruntime_providers_cuda, only in a build with MusicEmotionCuda=true) here; when that or CUDA itself is
    /// missing, the exception carries ORT's reason.
    /// </summary>
    public void AppendCuda(int deviceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        // ORT's CPU build has no CUDA entry point at all; say which build this is rather than "entry point not found".
        if (NativeLibraries.GetExport(NativeLibraries.OnnxRuntime, CudaExport) == IntPtr.Zero)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented,
                $"this ONNX Runtime {OnnxRuntimeLibrary.Version} is the CPU build (no {CudaExport} export): "
                + "build MusicEmotion with -p:MusicEmotionCuda=true for ORT's CUDA build",
                new EntryPointNotFoundException(CudaExport));
        }
        OnnxRuntimeLibrary.Call(() => Options.AppendExecutionProvider_CUDA(deviceId));
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
        if (NativeLibraries.GetExport(NativeLibraries.OnnxRuntime, DirectMLExport) == IntPtr.Zero)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented,
                $"{NativeLibraries.LoadedPath(NativeLibraries.OnnxRuntime)} (ONNX Runtime {OnnxRuntimeLibrary.Version}) is not the DirectML"
                + $" build (no {DirectMLExport} export): {NativeLibraries.FetchDirectMLAdvice}",
                new EntryPointNotFoundException(DirectMLExport));
        }
        PreloadBundledDirectML();
        // The DirectML provider supports neither memory-pattern planning nor parallel execution.
        Options.EnableMemoryPattern = false;
        Options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        OnnxRuntimeLibrary.Call(() => Options.AppendExecutionProvider_DML(deviceId));
    }

    public void Dispose() => Options.Dispose();

    /// <summary>
    /// Windows keeps an older DirectML.dll in System32 that this ORT cannot use, and the loader would pick it
    /// first; loading the DirectML.dll shipped beside onnxruntime.dll now makes every later lookup by name get it.
    /// Without it there, the provider would start on the wrong DirectML or none: a one-line error instead.
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
            if (!File.Exists(directML))
            {
                throw new OnnxRuntimeException(
                    OrtErrorCode.Fail,
                    $"{directML} is missing beside {module.FileName}: {NativeLibraries.FetchDirectMLAdvice}",
                    new FileNotFoundException(directML));
            }
            System.Runtime.InteropServices.NativeLibrary.Load(directML);
            return;
        }
    }
}
