using System.Runtime.InteropServices;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>What the loaded ONNX Runtime library is: its release and the execution providers built into it.</summary>
public static unsafe class OnnxRuntimeLibrary
{
    /// <summary>The library's release, e.g. "1.30.0". Loads the library (or throws <see cref="NativeLibraryMissingException"/>).</summary>
    public static string Version => OnnxRuntimeInterop.Version;

    /// <summary>
    /// Providers compiled into this build, e.g. "CUDAExecutionProvider", "CPUExecutionProvider". Being listed does
    /// not mean a provider can start: CUDA still needs its provider library, the CUDA runtime and a GPU.
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders
    {
        get
        {
            OrtApi* api = OnnxRuntimeInterop.Api;
            byte** names;
            int count;
            OnnxRuntimeInterop.ThrowIfFailed(api->GetAvailableProviders(&names, &count));
            var providers = new string[count];
            for (int i = 0; i < count; i++)
            {
                providers[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
            }
            OnnxRuntimeInterop.ThrowIfFailed(api->ReleaseAvailableProviders(names, count));
            return providers;
        }
    }
}
