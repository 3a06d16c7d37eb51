using System.Runtime.InteropServices;

namespace MusicEmotion.Native.OnnxRuntime;

// The C API's opaque objects (ORT_RUNTIME_CLASS in onnxruntime_c_api.h). They are never dereferenced here;
// distinct struct types only make each pointer in the function table say which object it takes.
#pragma warning disable CA1812 // Never instantiated: these exist only as pointer targets.
internal struct OrtEnv;

internal struct OrtStatus;

internal struct OrtMemoryInfo;

internal struct OrtIoBinding;

internal struct OrtSession;

internal struct OrtValue;

internal struct OrtRunOptions;

internal struct OrtTypeInfo;

internal struct OrtTensorTypeAndShapeInfo;

internal struct OrtSessionOptions;

internal struct OrtAllocator;
#pragma warning restore CA1812

/// <summary>OrtApiBase: the two entry points OrtGetApiBase hands out.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApiBase
{
    /// <summary>The function table for API <c>version</c>, or null when this library is older than that.</summary>
    public delegate* unmanaged[Cdecl]<uint, OrtApi*> GetApi;

    /// <summary>The library's release, e.g. "1.30.0"; a static string the library owns.</summary>
    public delegate* unmanaged[Cdecl]<byte*> GetVersionString;
}

/// <summary>
/// OrtCUDAProviderOptions as of API 30: what SessionOptionsAppendExecutionProvider_CUDA reads. Field order and
/// types follow the header; <see cref="Defaults"/> are the values its C++ constructor sets.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtCudaProviderOptions
{
    public int DeviceId;
    public int CudnnConvAlgoSearch;
    public nuint GpuMemLimit;
    public int ArenaExtendStrategy;
    public int DoCopyInDefaultStream;
    public int HasUserComputeStream;
    public void* UserComputeStream;
    public void* DefaultMemoryArenaCfg;
    public int TunableOpEnable;
    public int TunableOpTuningEnable;
    public int TunableOpMaxTuningDurationMs;

    public static OrtCudaProviderOptions Defaults(int deviceId) => new()
    {
        DeviceId = deviceId,
        CudnnConvAlgoSearch = 0, // OrtCudnnConvAlgoSearchExhaustive
        GpuMemLimit = nuint.MaxValue,
        DoCopyInDefaultStream = 1,
    };
}

/// <summary>OrtLoggingLevel.</summary>
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

/// <summary>OrtAllocatorType.</summary>
internal enum OrtAllocatorType
{
    Device = 0,
    Arena = 1,
}

/// <summary>OrtMemType.</summary>
internal enum OrtMemType
{
    Default = 0,
}

/// <summary>ExecutionMode.</summary>
internal enum OrtExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}
