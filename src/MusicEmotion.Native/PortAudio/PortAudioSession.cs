using System.Runtime.InteropServices;
using MusicEmotion.Native.Posix;

namespace MusicEmotion.Native.PortAudio;

/// <summary>
/// One hold on an initialised PortAudio. The library must be initialised before any call and terminated after the
/// last stream closes; sessions count holders, so the first to open initialises and the last to dispose terminates.
/// PortAudio lists devices when it initialises, so a device plugged in later appears only after every session has
/// closed and a new one opens.
/// </summary>
public sealed unsafe class PortAudioSession : IDisposable
{
    private static readonly Lock Gate = new();
    private static int s_holders;
    private bool _disposed;

    private PortAudioSession()
    {
    }

    /// <summary>
    /// Initialises PortAudio if no session holds it. Throws <see cref="NativeLibraryMissingException"/> when the
    /// library is not installed, <see cref="PortAudioException"/> when it fails to start.
    /// </summary>
    /// <param name="quiet">
    /// Hide what the host libraries print on standard error while they probe (ALSA and JACK report every card and
    /// server they did not find); false shows it, for --verbose.
    /// </param>
    public static PortAudioSession Open(bool quiet = true)
    {
        NativeLibraries.Load(NativeLibraries.PortAudio);
        lock (Gate)
        {
            if (s_holders == 0)
            {
                int status;
                using (quiet ? StandardErrorSilencer.Start() : null)
                {
                    status = PortAudioInterop.Initialize();
                }
                PortAudioException.ThrowIfFailed(status, "PortAudio could not start");
            }
            s_holders++;
        }
        return new PortAudioSession();
    }

    /// <summary>PortAudio's version text, e.g. "PortAudio V19.6.0-devel, revision 396fe4b".</summary>
    public static string VersionText
    {
        get
        {
            NativeLibraries.Load(NativeLibraries.PortAudio);
            return Marshal.PtrToStringUTF8(PortAudioInterop.GetVersionText()) ?? "PortAudio";
        }
    }

    public IReadOnlyList<PortAudioHostApi> HostApis()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int count = PortAudioInterop.GetHostApiCount();
        PortAudioException.ThrowIfFailed(count, "PortAudio could not count host APIs");
        int preferred = PortAudioInterop.GetDefaultHostApi();
        var apis = new List<PortAudioHostApi>(count);
        for (int i = 0; i < count; i++)
        {
            PaHostApiInfo* info = PortAudioInterop.GetHostApiInfo(i);
            if (info != null)
            {
                apis.Add(new PortAudioHostApi(i, Text(info->Name), info->DeviceCount, info->DefaultInputDevice, i == preferred));
            }
        }
        return apis;
    }

    /// <summary>Every device, inputs and outputs, in PortAudio's order.</summary>
    public IReadOnlyList<PortAudioDevice> Devices()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int count = PortAudioInterop.GetDeviceCount();
        PortAudioException.ThrowIfFailed(count, "PortAudio could not count devices");
        var hostNames = HostApis().ToDictionary(api => api.Index, api => api.Name);
        int defaultInput = PortAudioInterop.GetDefaultInputDevice();
        var devices = new List<PortAudioDevice>(count);
        for (int i = 0; i < count; i++)
        {
            PaDeviceInfo* info = PortAudioInterop.GetDeviceInfo(i);
            if (info == null)
            {
                continue;
            }
            devices.Add(new PortAudioDevice(
                i,
                Text(info->Name),
                info->HostApi,
                hostNames.GetValueOrDefault(info->HostApi, $"host API {info->HostApi}"),
                info->MaxInputChannels,
                info->MaxOutputChannels,
                info->DefaultSampleRate,
                info->DefaultLowInputLatency,
                i == defaultInput));
        }
        return devices;
    }

    /// <summary>The default input device's index, or null when the machine has no input device.</summary>
    public int? DefaultInputDevice
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int index = PortAudioInterop.GetDefaultInputDevice();
            return index == PortAudioInterop.NoDevice ? null : index;
        }
    }

    /// <summary>Why an input stream with these parameters could not open, or null when it could.</summary>
    public string? CheckInputFormat(int device, int channels, double sampleRate)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var parameters = InputParameters(device, channels, 0);
        int status = PortAudioInterop.IsFormatSupported(&parameters, null, sampleRate);
        return status == 0 ? null : PortAudioException.Describe(status);
    }

    /// <summary>Opens (but does not start) an input stream whose callback writes every block to <paramref name="target"/>.</summary>
    public PortAudioInputStream OpenInput(PortAudioInputSettings settings, ICaptureTarget target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new PortAudioInputStream(Open(), settings, target);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        lock (Gate)
        {
            if (--s_holders == 0)
            {
                PortAudioInterop.Terminate();
            }
        }
    }

    internal static PaStreamParameters InputParameters(int device, int channels, double suggestedLatency) => new()
    {
        Device = device,
        ChannelCount = channels,
        SampleFormat = new CULong(PortAudioInterop.Float32),
        SuggestedLatency = suggestedLatency,
    };

    private static string Text(IntPtr utf8) => Marshal.PtrToStringUTF8(utf8) ?? "";
}
