using System.Runtime.InteropServices;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// The OrtApi function table of onnxruntime_c_api.h (ORT_API_VERSION 30), mirrored in C order up to the last
/// function this project calls (SessionOptionsAppendExecutionProvider_CUDA, slot 152). ORT only ever appends to
/// the table, so a prefix of it is valid for every later release. Slots the project does not call keep their C
/// name as an untyped pointer: that holds every typed slot at its true index and lets a reader check the order
/// against the header line by line. The header declares ORT_API_CALL, which is __stdcall on Windows; on the
/// 64-bit targets ORT ships (x64, arm64) that is the same convention as cdecl.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApi
{
    /// <summary>The API version this table mirrors; GetApi returns null from a library older than it.</summary>
    public const uint Version = 30;

    public void* CreateStatus; // 0
    public delegate* unmanaged[Cdecl]<OrtStatus*, OrtErrorCode> GetErrorCode;
    public delegate* unmanaged[Cdecl]<OrtStatus*, byte*> GetErrorMessage;
    public delegate* unmanaged[Cdecl]<OrtLoggingLevel, byte*, OrtEnv**, OrtStatus*> CreateEnv;
    public delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<void*, OrtLoggingLevel, byte*, byte*, byte*, byte*, void>, void*, OrtLoggingLevel, byte*, OrtEnv**, OrtStatus*>
        CreateEnvWithCustomLogger;
    public void* EnableTelemetryEvents; // 5
    public void* DisableTelemetryEvents;

    /// <summary>model_path is ORTCHAR_T*: UTF-16 on Windows, UTF-8 elsewhere.</summary>
    public delegate* unmanaged[Cdecl]<OrtEnv*, void*, OrtSessionOptions*, OrtSession**, OrtStatus*> CreateSession;
    public void* CreateSessionFromArray;
    public void* Run;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions**, OrtStatus*> CreateSessionOptions; // 10
    public void* SetOptimizedModelFilePath;
    public void* CloneSessionOptions;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, OrtExecutionMode, OrtStatus*> SetSessionExecutionMode;
    public void* EnableProfiling;
    public void* DisableProfiling; // 15
    public void* EnableMemPattern;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, OrtStatus*> DisableMemPattern;
    public void* EnableCpuMemArena;
    public void* DisableCpuMemArena;
    public void* SetSessionLogId; // 20
    public void* SetSessionLogVerbosityLevel;
    public void* SetSessionLogSeverityLevel;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, OnnxGraphOptimization, OrtStatus*> SetSessionGraphOptimizationLevel;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, int, OrtStatus*> SetIntraOpNumThreads;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, int, OrtStatus*> SetInterOpNumThreads; // 25
    public void* CreateCustomOpDomain;
    public void* CustomOpDomain_Add;
    public void* AddCustomOpDomain;
    public void* RegisterCustomOpsLibrary;
    public delegate* unmanaged[Cdecl]<OrtSession*, nuint*, OrtStatus*> SessionGetInputCount; // 30
    public delegate* unmanaged[Cdecl]<OrtSession*, nuint*, OrtStatus*> SessionGetOutputCount;
    public void* SessionGetOverridableInitializerCount;
    public delegate* unmanaged[Cdecl]<OrtSession*, nuint, OrtTypeInfo**, OrtStatus*> SessionGetInputTypeInfo;
    public delegate* unmanaged[Cdecl]<OrtSession*, nuint, OrtTypeInfo**, OrtStatus*> SessionGetOutputTypeInfo;
    public void* SessionGetOverridableInitializerTypeInfo; // 35
    public delegate* unmanaged[Cdecl]<OrtSession*, nuint, OrtAllocator*, byte**, OrtStatus*> SessionGetInputName;
    public delegate* unmanaged[Cdecl]<OrtSession*, nuint, OrtAllocator*, byte**, OrtStatus*> SessionGetOutputName;
    public void* SessionGetOverridableInitializerName;
    public delegate* unmanaged[Cdecl]<OrtRunOptions**, OrtStatus*> CreateRunOptions;
    public void* RunOptionsSetRunLogVerbosityLevel; // 40
    public void* RunOptionsSetRunLogSeverityLevel;
    public void* RunOptionsSetRunTag;
    public void* RunOptionsGetRunLogVerbosityLevel;
    public void* RunOptionsGetRunLogSeverityLevel;
    public void* RunOptionsGetRunTag; // 45
    public void* RunOptionsSetTerminate;
    public void* RunOptionsUnsetTerminate;
    public void* CreateTensorAsOrtValue;

    /// <summary>Wraps caller-owned memory without copying; the memory must outlive the value.</summary>
    public delegate* unmanaged[Cdecl]<OrtMemoryInfo*, void*, nuint, long*, nuint, OnnxElementType, OrtValue**, OrtStatus*>
        CreateTensorWithDataAsOrtValue;
    public void* IsTensor; // 50
    public void* GetTensorMutableData;
    public void* FillStringTensor;
    public void* GetStringTensorDataLength;
    public void* GetStringTensorContent;

    /// <summary>Yields a view owned by the type info (never released on its own), or null for a non-tensor.</summary>
    public delegate* unmanaged[Cdecl]<OrtTypeInfo*, OrtTensorTypeAndShapeInfo**, OrtStatus*> CastTypeInfoToTensorInfo; // 55
    public void* GetOnnxTypeFromTypeInfo;
    public void* CreateTensorTypeAndShapeInfo;
    public void* SetTensorElementType;
    public void* SetDimensions;
    public delegate* unmanaged[Cdecl]<OrtTensorTypeAndShapeInfo*, OnnxElementType*, OrtStatus*> GetTensorElementType; // 60
    public delegate* unmanaged[Cdecl]<OrtTensorTypeAndShapeInfo*, nuint*, OrtStatus*> GetDimensionsCount;
    public delegate* unmanaged[Cdecl]<OrtTensorTypeAndShapeInfo*, long*, nuint, OrtStatus*> GetDimensions;
    public void* GetSymbolicDimensions;
    public void* GetTensorShapeElementCount;
    public void* GetTensorTypeAndShape; // 65
    public void* GetTypeInfo;
    public void* GetValueType;
    public void* CreateMemoryInfo;
    public delegate* unmanaged[Cdecl]<OrtAllocatorType, OrtMemType, OrtMemoryInfo**, OrtStatus*> CreateCpuMemoryInfo;
    public void* CompareMemoryInfo; // 70
    public void* MemoryInfoGetName;
    public void* MemoryInfoGetId;
    public void* MemoryInfoGetMemType;
    public void* MemoryInfoGetType;
    public void* AllocatorAlloc; // 75
    public delegate* unmanaged[Cdecl]<OrtAllocator*, void*, OrtStatus*> AllocatorFree;
    public void* AllocatorGetInfo;
    public delegate* unmanaged[Cdecl]<OrtAllocator**, OrtStatus*> GetAllocatorWithDefaultOptions;
    public void* AddFreeDimensionOverride;
    public void* GetValue; // 80
    public void* GetValueCount;
    public void* CreateValue;
    public void* CreateOpaqueValue;
    public void* GetOpaqueValue;
    public void* KernelInfoGetAttribute_float; // 85
    public void* KernelInfoGetAttribute_int64;
    public void* KernelInfoGetAttribute_string;
    public void* KernelContext_GetInputCount;
    public void* KernelContext_GetOutputCount;
    public void* KernelContext_GetInput; // 90
    public void* KernelContext_GetOutput;
    public delegate* unmanaged[Cdecl]<OrtEnv*, void> ReleaseEnv;
    public delegate* unmanaged[Cdecl]<OrtStatus*, void> ReleaseStatus;
    public delegate* unmanaged[Cdecl]<OrtMemoryInfo*, void> ReleaseMemoryInfo;
    public delegate* unmanaged[Cdecl]<OrtSession*, void> ReleaseSession; // 95
    public delegate* unmanaged[Cdecl]<OrtValue*, void> ReleaseValue;
    public delegate* unmanaged[Cdecl]<OrtRunOptions*, void> ReleaseRunOptions;
    public delegate* unmanaged[Cdecl]<OrtTypeInfo*, void> ReleaseTypeInfo;
    public void* ReleaseTensorTypeAndShapeInfo;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, void> ReleaseSessionOptions; // 100
    public void* ReleaseCustomOpDomain;
    public void* GetDenotationFromTypeInfo;
    public void* CastTypeInfoToMapTypeInfo;
    public void* CastTypeInfoToSequenceTypeInfo;
    public void* GetMapKeyType; // 105
    public void* GetMapValueType;
    public void* GetSequenceElementType;
    public void* ReleaseMapTypeInfo;
    public void* ReleaseSequenceTypeInfo;
    public void* SessionEndProfiling; // 110
    public void* SessionGetModelMetadata;
    public void* ModelMetadataGetProducerName;
    public void* ModelMetadataGetGraphName;
    public void* ModelMetadataGetDomain;
    public void* ModelMetadataGetDescription; // 115
    public void* ModelMetadataLookupCustomMetadataMap;
    public void* ModelMetadataGetVersion;
    public void* ReleaseModelMetadata;
    public void* CreateEnvWithGlobalThreadPools;
    public void* DisablePerSessionThreads; // 120
    public void* CreateThreadingOptions;
    public void* ReleaseThreadingOptions;
    public void* ModelMetadataGetCustomMetadataMapKeys;
    public void* AddFreeDimensionOverrideByName;
    public delegate* unmanaged[Cdecl]<byte***, int*, OrtStatus*> GetAvailableProviders; // 125
    public delegate* unmanaged[Cdecl]<byte**, int, OrtStatus*> ReleaseAvailableProviders;
    public void* GetStringTensorElementLength;
    public void* GetStringTensorElement;
    public void* FillStringTensorElement;
    public void* AddSessionConfigEntry; // 130
    public void* CreateAllocator;
    public void* ReleaseAllocator;
    public delegate* unmanaged[Cdecl]<OrtSession*, OrtRunOptions*, OrtIoBinding*, OrtStatus*> RunWithBinding;
    public delegate* unmanaged[Cdecl]<OrtSession*, OrtIoBinding**, OrtStatus*> CreateIoBinding;
    public delegate* unmanaged[Cdecl]<OrtIoBinding*, void> ReleaseIoBinding; // 135
    public delegate* unmanaged[Cdecl]<OrtIoBinding*, byte*, OrtValue*, OrtStatus*> BindInput;
    public delegate* unmanaged[Cdecl]<OrtIoBinding*, byte*, OrtValue*, OrtStatus*> BindOutput;
    public void* BindOutputToDevice;
    public void* GetBoundOutputNames;
    public void* GetBoundOutputValues; // 140
    public void* ClearBoundInputs;
    public void* ClearBoundOutputs;
    public void* TensorAt;
    public void* CreateAndRegisterAllocator;
    public void* SetLanguageProjection; // 145
    public void* SessionGetProfilingStartTimeNs;
    public void* SetGlobalIntraOpNumThreads;
    public void* SetGlobalInterOpNumThreads;
    public void* SetGlobalSpinControl;
    public void* AddInitializer; // 150
    public void* CreateEnvWithCustomLoggerAndGlobalThreadPools;
    public delegate* unmanaged[Cdecl]<OrtSessionOptions*, OrtCudaProviderOptions*, OrtStatus*> SessionOptionsAppendExecutionProvider_CUDA;
}
