namespace MusicEmotion.Native.PortAudio;

/// <summary>One device as PortAudio lists it.</summary>
/// <param name="Index">PortAudio's device index, stable while the library stays initialised.</param>
/// <param name="Name">The host API's name for it ("pulse", "hw:1,0", "Microphone (USB Audio)").</param>
/// <param name="HostApi">Index of its host API.</param>
/// <param name="HostApiName">Name of its host API ("ALSA", "WASAPI", "Core Audio").</param>
/// <param name="MaxInputChannels">0 for an output-only device.</param>
/// <param name="MaxOutputChannels">0 for an input-only device.</param>
/// <param name="DefaultSampleRate">The rate the device runs at natively.</param>
/// <param name="DefaultLowInputLatency">The host's suggested input latency for interactive use, in seconds.</param>
/// <param name="IsDefaultInput">The system's default input device.</param>
public sealed record PortAudioDevice(
    int Index,
    string Name,
    int HostApi,
    string HostApiName,
    int MaxInputChannels,
    int MaxOutputChannels,
    double DefaultSampleRate,
    double DefaultLowInputLatency,
    bool IsDefaultInput)
{
    public bool IsInput => MaxInputChannels > 0;

    public override string ToString() => $"{Index} '{Name}'";
}

/// <summary>One host API (ALSA, JACK, OSS, WASAPI, Core Audio...) as PortAudio lists it.</summary>
/// <param name="Index">PortAudio's host API index.</param>
/// <param name="Name">Its name.</param>
/// <param name="DeviceCount">Devices it offers.</param>
/// <param name="DefaultInputDevice">Device index of its default input; -1 when it has none.</param>
/// <param name="IsDefault">PortAudio's default host API.</param>
public sealed record PortAudioHostApi(int Index, string Name, int DeviceCount, int DefaultInputDevice, bool IsDefault);

/// <summary>What an input stream is asked for.</summary>
/// <param name="Device">Device index.</param>
/// <param name="Channels">Channels to capture (1..the device's maximum).</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="FramesPerBuffer">Frames per callback: the capture buffer, the one delay the host adds.</param>
/// <param name="SuggestedLatency">Seconds of buffering asked of the host.</param>
public sealed record PortAudioInputSettings(int Device, int Channels, double SampleRate, int FramesPerBuffer, double SuggestedLatency);
