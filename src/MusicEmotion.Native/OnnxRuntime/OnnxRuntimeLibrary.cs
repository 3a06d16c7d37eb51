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
            // Loading through the resolver first turns a missing library into its install advice.
            NativeLibraries.Load(NativeLibraries.OnnxRuntime);
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
