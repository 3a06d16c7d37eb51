using MusicEmotion.Native;
using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>
/// Opens a model file in ONNX Runtime on one concrete provider, turning each way that can fail into an error
/// that names what failed: the file (missing, or not a model ORT can load) or the provider (and ORT's reason).
/// </summary>
internal static class OrtSessionLoader
{
    public static OnnxSession Open(string path, OrtEngineOptions options, OrtProvider provider)
    {
        if (provider == OrtProvider.DirectML && !OperatingSystem.IsWindows())
        {
            throw new OrtProviderUnavailableException(provider, "DirectML runs only on Windows");
        }
        if (provider == OrtProvider.Cuda && OperatingSystem.IsMacOS())
        {
            throw new OrtProviderUnavailableException(provider, "CUDA does not run on macOS");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such model file (expected an .onnx model)", path);
        }
        using var sessionOptions = OpenOptions(provider);
        sessionOptions.SetThreads(options.IntraOpThreads, options.InterOpThreads);
        sessionOptions.SetGraphOptimization(options.Optimization);
        AppendProvider(sessionOptions, provider, options.DeviceId);
        try
        {
            return OnnxSession.Open(path, sessionOptions);
        }
        catch (OnnxRuntimeException error)
        {
            // A GPU provider can also fail while the session is built (no device, out of memory); the model is
            // to blame only when the plain CPU session fails too.
            if (provider != OrtProvider.Cpu && OpensOnCpu(path))
            {
                throw new OrtProviderUnavailableException(provider, OneLine(error.Message), error);
            }
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load this model: {OneLine(error.Message)}", error);
        }
    }

    /// <summary>ORT messages may span lines; errors here are one line, so a log or status line shows them whole.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// Session options, which load ONNX Runtime first: for DirectML a missing library means its DirectML build was
    /// never fetched, and the provider's error says so rather than the library's general install advice.
    /// </summary>
    private static OnnxSessionOptions OpenOptions(OrtProvider provider)
    {
        try
        {
            return new OnnxSessionOptions();
        }
        catch (NativeLibraryMissingException missing) when (provider == OrtProvider.DirectML)
        {
            throw new OrtProviderUnavailableException(
                provider, $"it needs ONNX Runtime's DirectML build, which is not installed: {NativeLibraries.FetchDirectMLAdvice}", missing);
        }
    }

    private static void AppendProvider(OnnxSessionOptions sessionOptions, OrtProvider provider, int deviceId)
    {
        try
        {
            switch (provider)
            {
                case OrtProvider.Cpu:
                    break;
                case OrtProvider.Cuda:
                    sessionOptions.AppendCuda(deviceId);
                    break;
                case OrtProvider.DirectML:
                    sessionOptions.AppendDirectML(deviceId);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(provider), provider, "a concrete provider is needed here");
            }
        }
        catch (OnnxRuntimeException error)
        {
            throw new OrtProviderUnavailableException(provider, OneLine(error.Message), error);
        }
    }

    private static bool OpensOnCpu(string path)
    {
        try
        {
            using var sessionOptions = new OnnxSessionOptions();
            using var session = OnnxSession.Open(path, sessionOptions);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    }
}
