using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// The one door into ONNX Runtime: its only exported entry point (OrtGetApiBase), the function table it hands out,
/// and the one place where a returned OrtStatus is turned into an exception and freed.
/// </summary>
internal static unsafe partial class OnnxRuntimeInterop
{
    private static readonly Lock Gate = new();
    private static OrtApi* s_api;
    private static string? s_version;

    /// <summary>The function table; loads and checks the library on first use.</summary>
    public static OrtApi* Api
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_api != null ? s_api : Bind();
    }

    /// <summary>The loaded library's release, e.g. "1.30.0".</summary>
    public static string Version
    {
        get
        {
            _ = Api;
            return s_version!;
        }
    }

    /// <summary>Throws <see cref="OnnxRuntimeException"/> with ORT's message when <paramref name="status"/> reports an error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfFailed(OrtStatus* status)
    {
        if (status != null)
        {
            Throw(status);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(OrtStatus* status)
    {
        OrtApi* api = Api;
        OrtErrorCode code = api->GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)api->GetErrorMessage(status)) ?? "";
        api->ReleaseStatus(status);
        throw new OnnxRuntimeException(code, message.Trim());
    }

    [LibraryImport(NativeLibraries.OnnxRuntime)]
    private static partial OrtApiBase* OrtGetApiBase();

    private static OrtApi* Bind()
    {
        lock (Gate)
        {
            if (s_api != null)
            {
                return s_api;
            }
            // Loading through the resolver first turns a missing library into its install advice.
            NativeLibraries.Load(NativeLibraries.OnnxRuntime);
            OrtApiBase* apiBase = OrtGetApiBase();
            string version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "unknown";
            OrtApi* api = apiBase->GetApi(OrtApi.Version);
            if (api == null)
            {
                throw new NativeLibraryMissingException(
                    $"ONNX Runtime {version} is too old: MusicEmotion needs C API version {OrtApi.Version} (ONNX Runtime "
                    + $"{NativeLibraries.OnnxRuntimeVersion} or newer); run tools/fetch-onnxruntime.sh or point "
                    + "MUSICEMOTION_ONNXRUNTIME at a newer library");
            }
            s_version = version;
            s_api = api;
            return api;
        }
    }
}
