using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// ORT's log sink. ORT would otherwise print to stderr (in colour) whatever it logs, such as the CUDA provider
/// library it failed to load, while the status it returns says only "Failed to load shared library". The sink
/// keeps the last error logged on each thread, so the exception for the failing call on that thread can carry
/// the specifics; everything else is dropped, since every failure also comes back as a status.
/// </summary>
internal static unsafe partial class OrtErrorLog
{
    [ThreadStatic]
    private static string? t_last;

    /// <summary>The OrtLoggingFunction to create the environment with.</summary>
    public static delegate* unmanaged[Cdecl]<void*, OrtLoggingLevel, byte*, byte*, byte*, byte*, void> Callback => &Log;

    /// <summary>The error last logged on this thread, if any since the last call; clears it.</summary>
    public static string? TakeLast()
    {
        string? last = t_last;
        t_last = null;
        return last;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Log(void* param, OrtLoggingLevel severity, byte* category, byte* logId, byte* location, byte* message)
    {
        if (severity < OrtLoggingLevel.Error)
        {
            return;
        }
        // An exception must not unwind into ORT's native frames: a log line that cannot be read is lost instead.
        try
        {
            string text = Marshal.PtrToStringUTF8((nint)message) ?? "";
            t_last = SourcePrefix().Replace(text, "").Trim();
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
