using Microsoft.ML.OnnxRuntime;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// The loaded ONNX Runtime library: the one place that loads it (through our resolver, so a missing library is a
/// <see cref="NativeLibraryMissingException"/> with install advice), creates ORT's process-wide environment with
/// our log sink, and turns ORT's exceptions into ours.
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>
    /// The C API version Microsoft.ML.OnnxRuntime.Managed 1.32.0 asks <c>OrtGetApi</c> for (read from its
    /// NativeMethods initialiser). ONNX Runtime 1.N serves C API versions 1 to N, so 1.31 or later is needed: an
    /// older library returns no function table and the binding fails with a message that names no file.
    /// </summary>
    public const int RequiredApiVersion = 31;

    private static readonly Lock Gate = new();
    private static volatile OrtEnv? s_env;

    /// <summary>The library's release, e.g. "1.32.0". Loads the library (or throws <see cref="NativeLibraryMissingException"/>).</summary>
    public static string Version => Env.GetVersionString();

    /// <summary>
    /// Providers compiled into this build, e.g. "CUDAExecutionProvider", "CPUExecutionProvider". Being listed does
    /// not mean a provider can start: CUDA still needs its provider library, the CUDA runtime and a GPU.
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders => Env.GetAvailableProviders();

    /// <summary>
    /// ORT keeps one environment per process, with its logger and thread pools; it lives as long as the process,
    /// because sessions may outlive any owner we could give it. Created before any other ORT call, so that ORT's
    /// logger is ours before anything could log.
    /// </summary>
    internal static OrtEnv Env => s_env ?? Create();

    /// <summary>Runs <paramref name="call"/>, turning ORT's failure into <see cref="OnnxRuntimeException"/> with any logged detail.</summary>
    internal static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (OrtException error)
        {
            throw Translate(error);
        }
        catch (EntryPointNotFoundException error)
        {
            throw new OnnxRuntimeException(OrtErrorCode.NotImplemented, error.Message, error);
        }
    }

    internal static void Call(Action call) => Call(() =>
    {
        call();
        return 0;
    });

    internal static OnnxRuntimeException Translate(OrtException error)
    {
        string message = error.Message.Trim();
        // Some failures return a terse error and log the specifics (which library failed to load, and why).
        if (OrtErrorLog.TakeLast() is { } detail && !message.Contains(detail, StringComparison.Ordinal))
        {
            message = $"{message} ({detail})";
        }
        return new OnnxRuntimeException(OrtErrorCode.Fail, message, error);
    }

    /// <summary>
    /// Throws a one-line <see cref="OnnxRuntimeException"/> naming <paramref name="path"/> when
    /// <paramref name="version"/> ("1.30.0") is older than <see cref="RequiredApiVersion"/> allows.
    /// </summary>
    public static void EnsureApiVersion(string version, string path)
    {
        ArgumentNullException.ThrowIfNull(version);
        string[] parts = version.Split('.');
        bool parsed = parts.Length >= 2
                      && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int major)
                      && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int minor)
                      && (major > 1 || (major == 1 && minor >= RequiredApiVersion));
        if (!parsed)
        {
            throw new OnnxRuntimeException(
                $"{path} is ONNX Runtime {version}, older than this build's binding ({NativeLibraries.OnnxRuntimeVersion}) accepts:"
                + $" it needs C API version {RequiredApiVersion}, ONNX Runtime 1.{RequiredApiVersion} or later"
                + (OperatingSystem.IsWindows() ? $"; {NativeLibraries.FetchDirectMLAdvice}" : ""));
        }
    }

    /// <summary>The library's own version string, through OrtGetApiBase()->GetVersionString, before any binding call.</summary>
    private static unsafe string ReadVersion()
    {
        nint getApiBase = NativeLibraries.GetExport(NativeLibraries.OnnxRuntime, "OrtGetApiBase");
        if (getApiBase == 0)
        {
            throw new OnnxRuntimeException(
                $"{NativeLibraries.LoadedPath(NativeLibraries.OnnxRuntime)} is not ONNX Runtime: it exports no OrtGetApiBase");
        }
        // OrtApiBase is { GetApi, GetVersionString }: two function pointers, stable since the first release.
        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        byte* version = ((delegate* unmanaged<byte*>)apiBase[1])();
        return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)version) ?? "";
    }

    private static OrtEnv Create()
    {
        lock (Gate)
        {
            if (s_env is { } existing)
            {
                return existing;
            }
            // ORT's managed assembly imports the same "onnxruntime" our resolver serves: one lookup (and one
            // MUSICEMOTION_ONNXRUNTIME override) for both, so its own resolver stays off.
            OrtEnv.DisableDllImportResolver = true;
            System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, NativeLibraries.Resolve);
            // Loading through the resolver first turns a missing library into its install advice, and reading its
            // version before the binding does turns one too old into a line that names the file.
            NativeLibraries.Load(NativeLibraries.OnnxRuntime);
            EnsureApiVersion(ReadVersion(), NativeLibraries.LoadedPath(NativeLibraries.OnnxRuntime) ?? NativeLibraries.OnnxRuntime);
            var options = new EnvironmentCreationOptions
            {
                logId = "musicemotion",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                loggingFunction = OrtErrorLog.Log,
            };
            OrtEnv env = Call(() => OrtEnv.CreateInstanceWithOptions(ref options));
            s_env = env;
            return env;
        }
    }
}
