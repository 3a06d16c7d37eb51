using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using NAudio.CoreAudioApi;
using NAudio.Wave;

namespace MusicEmotion.Audio.Capture.Wasapi;

/// <summary>
/// Capture on Windows through WASAPI (NAudio's <see cref="WasapiRecorder"/>, shared mode, event-driven, its thread
/// raised to MMCSS "Pro Audio"): a capture endpoint (--device), what the default output plays (--loopback), or what
/// one program plays (--process, Windows 10 2004 and later). Each packet reaches <see cref="WasapiPacketConverter"/>
/// as a span over WASAPI's own buffer, so nothing is copied or allocated per packet on the way to the ring.
/// </summary>
/// <remarks>Compiled only into win-* builds (see MusicEmotion.Audio.csproj); never run on real Windows hardware here.</remarks>
[SupportedOSPlatform("windows")]
public sealed class WasapiCapture : ICaptureStream
{
    private const string MmcssTask = "Pro Audio";

    /// <summary>Process loopback has no mix format of its own: the engine converts to the one asked for.</summary>
    private const int ProcessLoopbackRate = 48_000;

    private readonly CaptureStallWatch _stall = new(TimeSpan.FromSeconds(3));

    private readonly WasapiRecorder _recorder;
    private readonly WasapiPacketConverter _converter;
    private readonly CaptureRing _ring;
    private readonly bool _silentWhenIdle;
    private readonly TimeSpan _requestedBuffer;
    private long _allocatedBytes;
    private long _measuredPackets;
    private bool _stopped;
    private Exception? _failure;

    private WasapiCapture(WasapiRecorder recorder, string name, bool silentWhenIdle, CaptureRequest request, IReadOnlyList<string> notices)
    {
        _recorder = recorder;
        _requestedBuffer = TimeSpan.FromMilliseconds(request.BufferMilliseconds);
        Name = name;
        Notices = notices;
        _silentWhenIdle = silentWhenIdle;
        WaveFormat wave = recorder.WaveFormat;
        WasapiPacketFormat format = WasapiPacketFormat.FromWaveFormat(
            name, (int)wave.Encoding, wave.Channels, wave.SampleRate, wave.BitsPerSample, wave.BlockAlign,
            wave is WaveFormatExtensible extensible ? extensible.SubFormat : default);
        _ring = WasapiPacketConverter.CreateRing(format, request.RingSeconds);
        _converter = new WasapiPacketConverter(format, _ring);
        Format = new AudioFormat(format.SampleRate, 1);
        _recorder.DataAvailable += OnPacket;
        _recorder.RecordingStopped += OnStopped;
    }

    /// <summary>
    /// Opens what <paramref name="request"/> names (not started yet); a missing endpoint or process, or a format we
    /// do not read, is a one-line <see cref="AudioInputException"/>.
    /// </summary>
    public static WasapiCapture Open(CaptureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int bufferMilliseconds = Math.Max(1, (int)Math.Round(request.BufferMilliseconds));
        WasapiRecorderBuilder builder = new WasapiRecorderBuilder()
            .WithSharedMode()
            .WithEventSync()
            .WithBufferLength(bufferMilliseconds)
            .WithMmcssThreadPriority(MmcssTask);
        var notices = new List<string>();
        try
        {
            if (request.Process is { } process)
            {
                if (!OperatingSystem.IsWindowsVersionAtLeast(10, 0, 19041))
                {
                    throw new AudioInputException(
                        ProcessLoopbackTarget.OptionName, $"needs Windows 10 version 2004 (build 19041) or later; this is {Environment.OSVersion.Version}");
                }
                (int id, string name) = ProcessLoopbackTarget.Find(process, notices);
                WasapiRecorder recorder = builder
                    .WithProcessLoopback((uint)id, ProcessLoopbackMode.IncludeTargetProcessTree)
                    .WithFormat(WaveFormat.CreateIeeeFloatWaveFormat(ProcessLoopbackRate, 2))
                    .BuildAsync().GetAwaiter().GetResult();
                return Create(recorder, $"process {id} '{name}'", silentWhenIdle: true, request, notices);
            }
            using var endpoints = new MMDeviceEnumerator();
            if (request.Loopback)
            {
                if (!endpoints.TryGetDefaultAudioEndpoint(DataFlow.Render, Role.Multimedia, out MMDevice? output) || output is null)
                {
                    throw new AudioInputException(LoopbackMonitor.OptionName, "not available: Windows reports no default output device");
                }
                WasapiRecorder loopback = builder.WithDevice(output).WithLoopbackCapture().Build();
                return Create(loopback, $"loopback of '{output.FriendlyName}'", silentWhenIdle: true, request, notices);
            }
            MMDevice input = SelectInput(endpoints, request.Device);
            return Create(builder.WithDevice(input).Build(), input.FriendlyName, silentWhenIdle: false, request, notices);
        }
        catch (Exception error) when (error is System.Runtime.InteropServices.COMException or InvalidOperationException or NotSupportedException)
        {
            throw new AudioInputException(CaptureDeviceSelector.InputName, $"WASAPI could not open it: {OneLine(error.Message)}", error);
        }
    }

    /// <summary>The capture over a built recorder, which is disposed when its format turns out to be one we do not read.</summary>
    private static WasapiCapture Create(WasapiRecorder recorder, string name, bool silentWhenIdle, CaptureRequest request, List<string> notices)
    {
        try
        {
            return new WasapiCapture(recorder, name, silentWhenIdle, request, notices);
        }
        catch
        {
            recorder.Dispose();
            throw;
        }
    }

    /// <summary>What the user should know about how it was opened (which of several processes was taken).</summary>
    public IReadOnlyList<string> Notices { get; }

    public string Name { get; }

    public SourceKind Kind => SourceKind.Capture;

    /// <summary>The device's rate; mono, since the packets are downmixed on the way into the ring.</summary>
    public AudioFormat Format { get; }

    /// <summary>The buffer asked for until the stream starts, then the latency WASAPI reports for it.</summary>
    public TimeSpan BlockDuration =>
        _recorder.LatencyMilliseconds > 0 ? TimeSpan.FromMilliseconds(_recorder.LatencyMilliseconds) : _requestedBuffer;

    public int MaxBlockSamples => _ring.MaxBlockSamples;

    public long RepairedSamples => _converter.RepairedSamples;

    public Exception? Failure => Volatile.Read(ref _failure);

    public CaptureStatistics Statistics => new()
    {
        Blocks = _converter.Packets,
        Overruns = _ring.Overruns,
        DroppedFrames = _ring.DroppedFrames,
        HostOverflows = _converter.Discontinuities,
        CallbackAllocatedBytes = Interlocked.Read(ref _allocatedBytes),
        MeasuredCallbacks = Interlocked.Read(ref _measuredPackets),
        InputLatencySeconds = _recorder.LatencyMilliseconds / 1000.0,
    };

    public void Start()
    {
        try
        {
            _recorder.StartRecording();
        }
        catch (Exception error) when (error is System.Runtime.InteropServices.COMException or InvalidOperationException)
        {
            throw new AudioInputException(Name, $"could not start capturing: {OneLine(error.Message)}", error);
        }
        _stall.Restart();
    }

    public void Stop()
    {
        _stopped = true;
        _recorder.StopRecording();
    }

    public CaptureState Poll()
    {
        if (Failure is not null)
        {
            return CaptureState.Failed;
        }
        // Loopback gets no packets while nothing plays: quiet is not a failure there.
        if (_silentWhenIdle || !_stall.Stalled(_converter.Packets, _stopped))
        {
            return CaptureState.Running;
        }
        Volatile.Write(ref _failure, new AudioInputException(Name, $"delivered no audio for {_stall.Timeout.TotalSeconds:0} s"));
        return CaptureState.Failed;
    }

    public bool HasBlock => _ring.HasBlock;

    public bool TryRead(Span<float> destination, out int length, out long capturedTicks) =>
        _ring.TryRead(destination, out length, out capturedTicks);

    public void Dispose()
    {
        _recorder.DataAvailable -= OnPacket;
        _recorder.RecordingStopped -= OnStopped;
        _recorder.Dispose();
    }

    /// <summary>
    /// NAudio's capture thread, once per packet: convert into the ring and return. The first packets warm up (the
    /// JIT, first-touch of the buffers); after them, what the conversion allocates is counted, and 0 is the contract.
    /// </summary>
    private void OnPacket(ReadOnlySpan<byte> buffer, AudioClientBufferFlags flags, long devicePosition, long qpcPosition)
    {
        long ticks = Stopwatch.GetTimestamp();
        bool measured = _converter.Packets >= 100;
        long before = measured ? GC.GetAllocatedBytesForCurrentThread() : 0;
        _converter.Write(buffer, (WasapiBufferFlags)(int)flags, ticks);
        if (measured)
        {
            Interlocked.Add(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread() - before);
            Interlocked.Increment(ref _measuredPackets);
        }
    }

    private void OnStopped(object? sender, StoppedEventArgs stopped)
    {
        if (stopped.Exception is { } error)
        {
            Volatile.Write(ref _failure, new AudioInputException(Name, $"capture stopped: {OneLine(error.Message)}", error));
        }
        else if (!_stopped)
        {
            Volatile.Write(ref _failure, new AudioInputException(Name, "the stream stopped: the device was unplugged or disabled"));
        }
    }

    /// <summary>
    /// --device among the active capture endpoints, in WASAPI's order: an index, or a name matched as
    /// <see cref="CaptureDeviceSelector.MatchName"/> matches PortAudio's; none for the default capture endpoint.
    /// </summary>
    private static MMDevice SelectInput(MMDeviceEnumerator endpoints, string? request)
    {
        List<MMDevice> inputs = [.. endpoints.EnumerateAudioEndPoints(DataFlow.Capture, DeviceState.Active)];
        string listing = inputs.Count == 0
            ? "Windows lists no active capture endpoint"
            : "capture endpoints: " + string.Join(", ", inputs.Select((d, i) => $"{i} '{d.FriendlyName}'"));
        if (string.IsNullOrWhiteSpace(request))
        {
            return endpoints.TryGetDefaultAudioEndpoint(DataFlow.Capture, Role.Multimedia, out MMDevice? standard) && standard is not null
                ? standard
                : throw new AudioInputException(CaptureDeviceSelector.InputName, $"there is no default capture endpoint; choose one with --device ({listing})");
        }
        if (int.TryParse(request.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return index < inputs.Count ? inputs[index] : throw new AudioInputException($"device {index}", $"no such capture endpoint; {listing}");
        }
        IReadOnlyList<MMDevice> matches = CaptureDeviceSelector.MatchName(inputs, request.Trim(), d => d.FriendlyName);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new AudioInputException(CaptureDeviceSelector.InputName, $"no capture endpoint matches '{request.Trim()}'; {listing}"),
            _ => throw new AudioInputException(
                CaptureDeviceSelector.InputName, $"'{request.Trim()}' matches several capture endpoints; give the index ({listing})"),
        };
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
