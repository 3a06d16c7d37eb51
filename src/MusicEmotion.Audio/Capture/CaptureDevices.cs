#if MUSICEMOTION_WASAPI
using MusicEmotion.Audio.Capture.Wasapi;
#endif

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// Opens live capture with this platform's backend: WASAPI through NAudio on Windows (compiled into win-* builds
/// only), PortAudio elsewhere (Linux: ALSA, PulseAudio/PipeWire through the pulse plugin; macOS: CoreAudio).
/// </summary>
public static class CaptureDevices
{
    /// <summary>The capture <paramref name="request"/> names, not started yet; what cannot be opened is a one-line <see cref="AudioInputException"/>.</summary>
    public static ICaptureStream Open(CaptureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
#if MUSICEMOTION_WASAPI
        if (OperatingSystem.IsWindows())
        {
            return WasapiCapture.Open(request);
        }
#endif
        if (request.Process is not null)
        {
            throw new AudioInputException(Wasapi.ProcessLoopbackTarget.OnlyOnWindows);
        }
        return PortAudioCapture.Open(request);
    }
}
