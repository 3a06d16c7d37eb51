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
    // Published last (volatile), so a thread that sees the table also sees the environment and version.
    private static volatile OrtApi* s_api;
    private static string? s_version;
    private static OrtHandle<OrtEnv>? s_env;

    /// <summary>The function table; loads and checks the library on first use.</summary>
    public static OrtApi* Api
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_api != null ? s_api : Bind();
    }

    /// <summary>
    /// The environment every session is created in. ORT keeps one per process, with its logger and thread pools;
    /// it lives as long as the process, because sessions may outlive any owner we could give it.
    /// </summary>
    public static OrtHandle<OrtEnv> Env
    {
        get
        {
            _ = Api;
            return s_env!;
        }
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
            // A status comes only from a call through the table, so the table is bound.
            Throw(s_api, status);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(OrtApi* api, OrtStatus* status)
    {
        OrtErrorCode code = api->GetErrorCode(status);
        string message = (Marshal.PtrToStringUTF8((nint)api->GetErrorMessage(status)) ?? "").Trim();
        api->ReleaseStatus(status);
        // Some failures return a terse status and log the specifics (which library failed to load, and why).
        if (OrtErrorLog.TakeLast() is { } detail && !message.Contains(detail, StringComparison.Ordinal))
        {
            message = $"{message} ({detail})";
        }
        throw new OnnxRuntimeException(code, message);
    }

    [LibraryImport(NativeLibraries.OnnxRuntime)]
    private static partial OrtApiBase* OrtGetApiBase();

    /// <summary>
    /// Created before the table is published, so that ORT's logger is ours before any call could log: whatever ORT
    /// logs without an environment goes to stderr and is lost to the exception.
    /// </summary>
    private static OrtHandle<OrtEnv> CreateEnv(OrtApi* api)
    {
        OrtEnv* env;
        OrtStatus* status;
        fixed (byte* logId = "musicemotion"u8) // u8 literals are stored with a terminating zero
        {
            status = api->CreateEnvWithCustomLogger(OrtErrorLog.Callback, null, OrtLoggingLevel.Error, logId, &env);
        }
        if (status != null)
        {
            Throw(api, status);
        }
        return new OrtHandle<OrtEnv>(env, api->ReleaseEnv);
    }

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
            s_env = CreateEnv(api);
            s_version = version;
            s_api = api;
            return api;
        }
    }
}
