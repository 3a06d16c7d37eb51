using System.Runtime.InteropServices;
using System.Text;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>A model loaded into ONNX Runtime, with the inputs and outputs it declares.</summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtHandle<OrtSession> _handle;
    private readonly OrtHandle<OrtRunOptions> _runOptions;

    private OnnxSession(OrtHandle<OrtSession> handle, OrtHandle<OrtRunOptions> runOptions)
    {
        _handle = handle;
        _runOptions = runOptions;
        Inputs = ReadSpecs(handle.Pointer, outputs: false);
        Outputs = ReadSpecs(handle.Pointer, outputs: true);
    }

    public IReadOnlyList<OnnxTensorSpec> Inputs { get; }

    public IReadOnlyList<OnnxTensorSpec> Outputs { get; }

    internal OrtHandle<OrtSession> Handle => _handle;

    internal OrtHandle<OrtRunOptions> RunOptions => _runOptions;

    /// <summary>Loads <paramref name="modelPath"/>; ORT's reason when it cannot comes as <see cref="OnnxRuntimeException"/>.</summary>
    public static OnnxSession Open(string modelPath, OnnxSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        OrtApi* api = OnnxRuntimeInterop.Api;
        OrtSession* session;
        // ORTCHAR_T is wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere.
        if (OperatingSystem.IsWindows())
        {
            fixed (char* path = modelPath)
            {
                OnnxRuntimeInterop.ThrowIfFailed(
                    api->CreateSession(OnnxRuntimeInterop.Env.Pointer, path, options.Handle.Pointer, &session));
            }
        }
        else
        {
            fixed (byte* path = Encoding.UTF8.GetBytes(modelPath + "\0"))
            {
                OnnxRuntimeInterop.ThrowIfFailed(
                    api->CreateSession(OnnxRuntimeInterop.Env.Pointer, path, options.Handle.Pointer, &session));
            }
        }
        var sessionHandle = new OrtHandle<OrtSession>(session, api->ReleaseSession);
        try
        {
            OrtRunOptions* runOptions;
            OnnxRuntimeInterop.ThrowIfFailed(api->CreateRunOptions(&runOptions));
            return new OnnxSession(sessionHandle, new OrtHandle<OrtRunOptions>(runOptions, api->ReleaseRunOptions));
        }
        catch
        {
            sessionHandle.Dispose();
            throw;
        }
    }

    /// <summary>A new, empty set of pre-bound inputs and outputs for this session.</summary>
    public OnnxBinding CreateBinding()
    {
        OrtIoBinding* binding;
        OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->CreateIoBinding(_handle.Pointer, &binding));
        return new OnnxBinding(this, new OrtIoBindingHandle(binding, _handle));
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _handle.Dispose();
    }

    private static OnnxTensorSpec[] ReadSpecs(OrtSession* session, bool outputs)
    {
        OrtApi* api = OnnxRuntimeInterop.Api;
        OrtAllocator* allocator;
        OnnxRuntimeInterop.ThrowIfFailed(api->GetAllocatorWithDefaultOptions(&allocator));
        nuint count;
        OnnxRuntimeInterop.ThrowIfFailed(outputs
            ? api->SessionGetOutputCount(session, &count)
            : api->SessionGetInputCount(session, &count));
        var specs = new OnnxTensorSpec[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            OnnxRuntimeInterop.ThrowIfFailed(outputs
                ? api->SessionGetOutputName(session, i, allocator, &name)
                : api->SessionGetInputName(session, i, allocator, &name));
            string text = Marshal.PtrToStringUTF8((nint)name) ?? "";
            OnnxRuntimeInterop.ThrowIfFailed(api->AllocatorFree(allocator, name));

            OrtTypeInfo* typeInfo;
            OnnxRuntimeInterop.ThrowIfFailed(outputs
                ? api->SessionGetOutputTypeInfo(session, i, &typeInfo)
                : api->SessionGetInputTypeInfo(session, i, &typeInfo));
            try
            {
                specs[(int)i] = ReadTensorSpec(text, typeInfo);
            }
            finally
            {
                api->ReleaseTypeInfo(typeInfo);
            }
        }
        return specs;
    }

    private static OnnxTensorSpec ReadTensorSpec(string name, OrtTypeInfo* typeInfo)
    {
        OrtApi* api = OnnxRuntimeInterop.Api;
        OrtTensorTypeAndShapeInfo* tensor;
        OnnxRuntimeInterop.ThrowIfFailed(api->CastTypeInfoToTensorInfo(typeInfo, &tensor));
        if (tensor == null)
        {
            // A sequence, map or optional: not a tensor, so it has no element type or shape to report.
            return new OnnxTensorSpec(name, OnnxElementType.Undefined, []);
        }
        OnnxElementType elementType;
        OnnxRuntimeInterop.ThrowIfFailed(api->GetTensorElementType(tensor, &elementType));
        nuint rank;
        OnnxRuntimeInterop.ThrowIfFailed(api->GetDimensionsCount(tensor, &rank));
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            OnnxRuntimeInterop.ThrowIfFailed(api->GetDimensions(tensor, dims, rank));
        }
        return new OnnxTensorSpec(name, elementType, shape);
    }
}
