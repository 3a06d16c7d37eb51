using System.Globalization;
using MusicEmotion.Native.PortAudio;
using MusicEmotion.Native.Posix;

namespace MusicEmotion.Audio.Capture;

/// <summary>
/// A capture device through PortAudio: picks the device (<see cref="CaptureDeviceSelector"/>), opens it at its own
/// rate (or the one asked for, when it supports it) with a small buffer, and lets the callback copy every block
/// into a <see cref="CaptureRing"/>. It watches the stream, so a device that errors, disappears or stops delivering
/// is reported as <see cref="CaptureState.Failed"/> with a message that names it.
/// </summary>
public sealed class PortAudioCapture : ICaptureStream
{
    /// <summary>PortAudio's ALSA device that reaches PulseAudio (and PipeWire's PulseAudio server).</summary>
    public const string PulseDevice = "pulse";

    /// <summary>
    /// No block for this long means the device stopped delivering. Generous: a sound server may take a second to
    /// start a stream, and a loaded machine may stall a callback thread briefly.
    /// </summary>
    private readonly CaptureStallWatch _stall = new(TimeSpan.FromSeconds(3));

    private readonly PortAudioInputStream _stream;
    private readonly CaptureRing _ring;
    private bool _stopped;
    private Exception? _failure;

    private PortAudioCapture(PortAudioInputStream stream, CaptureRing ring, PortAudioDevice device, IReadOnlyList<string> notices)
    {
        _stream = stream;
        _ring = ring;
        Device = device;
        Notices = notices;
        Format = new AudioFormat((int)stream.Settings.SampleRate, stream.Settings.Channels);
        BlockDuration = TimeSpan.FromSeconds(stream.Settings.FramesPerBuffer / stream.Settings.SampleRate);
    }

    /// <summary>
    /// Opens the device <paramref name="request"/> names (not started yet). Bad requests, a missing or busy device and
    /// an unavailable loopback throw a one-line <see cref="AudioInputException"/>; a missing PortAudio library throws
    /// NativeLibraryMissingException with the package to install.
    /// </summary>
    public static PortAudioCapture Open(CaptureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.BufferMilliseconds);
        string? deviceRequest = request.Device;
        if (request.Loopback)
        {
            // The ALSA pulse plugin asks the server for the source PULSE_SOURCE names; it must be set natively,
            // before PortAudio opens the stream.
            NativeEnvironment.Set("PULSE_SOURCE", LoopbackMonitor.FindDefault());
            deviceRequest = PulseDevice;
        }
        var session = PortAudioSession.Open(request.Quiet);
        try
        {
            IReadOnlyList<PortAudioDevice> devices = session.Devices();
            if (request.Loopback && !devices.Any(d => d.IsInput && d.Name == PulseDevice))
            {
                throw new AudioInputException(
                    LoopbackMonitor.OptionName,
                    $"not available: PortAudio lists no '{PulseDevice}' input device (Debian/Ubuntu: apt install libasound2-plugins)");
            }
            PortAudioDevice device = CaptureDeviceSelector.Select(devices, deviceRequest);
            var notices = new List<string>();
            int channels = Math.Min(request.Channels, device.MaxInputChannels);
            int rate = ChooseRate(session, device, channels, request.SampleRate, notices);
            int framesPerBuffer = Math.Max(16, (int)Math.Round(rate * request.BufferMilliseconds / 1000));
            var settings = new PortAudioInputSettings(
                device.Index, channels, rate, framesPerBuffer, Math.Max(request.BufferMilliseconds / 1000, device.DefaultLowInputLatency));
            var ring = CaptureRing.For(new AudioFormat(rate, channels), request.RingSeconds);
            PortAudioInputStream stream;
            try
            {
                stream = session.OpenInput(settings, ring);
            }
            catch (PortAudioException error)
            {
                throw new AudioInputException(Describe(device), OpenProblem(error, channels, rate), error);
            }
            return new PortAudioCapture(stream, ring, device, notices);
        }
        finally
        {
            // The stream holds its own session; this one only listed and checked.
            session.Dispose();
        }
    }

    /// <summary>The device that was opened.</summary>
    public PortAudioDevice Device { get; }

    /// <summary>What the user should know about how it was opened (a rate that fell back to the device's).</summary>
    public IReadOnlyList<string> Notices { get; }

    public string Name => Device.Name;

    public SourceKind Kind => SourceKind.Capture;

    public AudioFormat Format { get; }

    public TimeSpan BlockDuration { get; }

    public int MaxBlockSamples => _ring.MaxBlockSamples;

    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>The ring the callback fills (for tests and reports).</summary>
    public CaptureRing Ring => _ring;

    /// <summary>The PortAudio stream (for tests and reports).</summary>
    public PortAudioInputStream Stream => _stream;

    public CaptureStatistics Statistics => new()
    {
        Blocks = _stream.Callbacks,
        Overruns = _ring.Overruns,
        DroppedFrames = _ring.DroppedFrames,
        HostOverflows = _stream.HostOverflows,
        CallbackAllocatedBytes = _stream.CallbackAllocatedBytes,
        MeasuredCallbacks = _stream.MeasuredCallbacks,
        InputLatencySeconds = _stream.InputLatencySeconds,
    };

    public void Start()
    {
        try
        {
            _stream.Start();
        }
        catch (PortAudioException error)
        {
            throw new AudioInputException(Describe(Device), $"could not start capturing: {error.Message}", error);
        }
        _stall.Restart();
    }

    public void Stop()
    {
        _stopped = true;
        try
        {
            _stream.Stop();
        }
        catch (PortAudioException)
        {
            // A stream whose device already failed cannot stop cleanly; it is closed on Dispose all the same.
        }
    }

    public CaptureState Poll()
    {
        if (Failure is not null)
        {
            return CaptureState.Failed;
        }
        string? problem = null;
        if (_stream.Fault is { } fault)
        {
            problem = $"the capture callback failed: {fault.Message}";
        }
        else if (_stream.HasFinished && !_stopped)
        {
            problem = "the stream stopped: the device was unplugged, or its sound server quit";
        }
        else if (_stall.Stalled(_stream.Callbacks, _stopped))
        {
            problem = $"delivered no audio for {_stall.Timeout.TotalSeconds:0} s";
        }
        if (problem is null)
        {
            return CaptureState.Running;
        }
        Volatile.Write(ref _failure, new AudioInputException(Describe(Device), problem, _stream.Fault));
        return CaptureState.Failed;
    }

    public bool HasBlock => _ring.HasBlock;

    public bool TryRead(Span<float> destination, out int length, out long capturedTicks) =>
        _ring.TryRead(destination, out length, out capturedTicks);

    public void Dispose() => _stream.Dispose();

    private static int ChooseRate(PortAudioSession session, PortAudioDevice device, int channels, int? requested, List<string> notices)
    {
        int native = (int)Math.Round(device.DefaultSampleRate);
        if (requested is not { } rate || rate == native)
        {
            return native;
        }
        if (session.CheckInputFormat(device.Index, channels, rate) is { } reason)
        {
            notices.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Describe(device)}: {rate} Hz is not supported ({reason}); capturing at its default {native} Hz"));
            return native;
        }
        return rate;
    }

    private static string OpenProblem(PortAudioException error, int channels, int rate) => error.Error switch
    {
        PortAudioError.DeviceUnavailable =>
            "is busy or unavailable (another program may be using it exclusively); close it or pick another device",
        _ => string.Create(CultureInfo.InvariantCulture, $"could not be opened for {channels} channel(s) at {rate} Hz: {error.Message}"),
    };

    private static string Describe(PortAudioDevice device) => $"device {device.Index} '{device.Name}'";
}
