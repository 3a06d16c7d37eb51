using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// ORT's log sink. ORT would otherwise print to stderr (in colour) whatever it logs, such as the CUDA provider
/// library it failed to load, while the error it returns says only "Failed to load shared library". The sink
/// keeps the last error logged on each thread, so the exception for the failing call on that thread can carry
/// the specifics; everything else is dropped, since every failure also comes back as an error.
/// </summary>
internal static partial class OrtErrorLog
{
    [ThreadStatic]
    private static string? t_last;

    /// <summary>The error last logged on this thread, if any since the last call; clears it.</summary>
    public static string? TakeLast()
    {
        string? last = t_last;
        t_last = null;
        return last;
    }

    /// <summary>The logging function the environment is created with.</summary>
    public static void Log(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (severity < OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR)
        {
            return;
        }
        // An exception must not unwind into ORT's native frames: a log line that cannot be read is lost instead.
        try
        {
            t_last = SourcePrefix().Replace(message ?? "", "").Trim();
        }
        catch (Exception)
        {
            t_last = null;
        }
    }

    /// <summary>"/onnxruntime_src/...cc:1988 Function() [ONNXRuntimeError] : 1 : FAIL : " before the message proper.</summary>
    [GeneratedRegex(@"^.*\[ONNXRuntimeError\] : \d+ : \w+ : ")]
    private static partial Regex SourcePrefix();
}
