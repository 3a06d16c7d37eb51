using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicEmotion.Native.PortAudio;

/// <summary>
/// A PortAudio input stream that hands every block, as interleaved float32, to an <see cref="ICaptureTarget"/> on
/// PortAudio's audio thread. The callback is a static function pointer; the stream finds itself through a GCHandle
/// passed as user data, so no delegate can be collected while PortAudio still calls it.
/// </summary>
/// <remarks>
/// The callback takes a timestamp, hands the block on and returns; it allocates nothing, and it measures that:
/// after the first callbacks (which attach the thread to the runtime and compile the path) it counts the bytes its
/// own thread allocated inside it, reported by <see cref="CallbackAllocatedBytes"/>. An exception from the target is
/// caught at the edge, kept in <see cref="Fault"/> and aborts the stream.
/// </remarks>
public sealed unsafe class PortAudioInputStream : IDisposable
{
    /// <summary>Callbacks not measured: the first attach the thread to the runtime and run the path's first compile.</summary>
    public const int WarmUpCallbacks = 16;

    private readonly PortAudioSession _session;
    private readonly ICaptureTarget _target;
    private readonly PortAudioStreamHandle _stream;
    private readonly int _channels;
    private GCHandle _self;
    private long _callbacks;
    private long _allocatedBytes;
    private long _hostOverflows;
    private int _finished;
    private Exception? _fault;
    private bool _started;
    private bool _disposed;

    internal PortAudioInputStream(PortAudioSession session, PortAudioInputSettings settings, ICaptureTarget target)
    {
        _session = session;
        _target = target ?? throw new ArgumentNullException(nameof(target));
        ArgumentNullException.ThrowIfNull(settings);
        _channels = settings.Channels;
        Settings = settings;
        _self = GCHandle.Alloc(this);
        try
        {
            var input = PortAudioSession.InputParameters(settings.Device, settings.Channels, settings.SuggestedLatency);
            int status = PortAudioInterop.OpenStream(
                out _stream, &input, null, settings.SampleRate, new CULong((uint)settings.FramesPerBuffer),
                new CULong(PortAudioInterop.ClipOff), &OnInput, (void*)GCHandle.ToIntPtr(_self));
            PortAudioException.ThrowIfFailed(status, "PortAudio could not open the stream");
            PortAudioException.ThrowIfFailed(
                PortAudioInterop.SetStreamFinishedCallback(_stream, &OnFinished), "PortAudio could not watch the stream");
            PaStreamInfo* info = PortAudioInterop.GetStreamInfo(_stream);
            InputLatencySeconds = info == null ? settings.SuggestedLatency : info->InputLatency;
        }
        catch
        {
            _stream?.Dispose();
            _self.Free();
            session.Dispose();
            throw;
        }
    }

    public PortAudioInputSettings Settings { get; }

    /// <summary>The input latency the host granted, in seconds.</summary>
    public double InputLatencySeconds { get; }

    /// <summary>Callbacks so far.</summary>
    public long Callbacks => Interlocked.Read(ref _callbacks);

    /// <summary>Bytes the callbacks allocated on their thread after the warm-up; 0 is the real-time contract.</summary>
    public long CallbackAllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>Callbacks after the warm-up, over which <see cref="CallbackAllocatedBytes"/> was measured.</summary>
    public long MeasuredCallbacks => Math.Max(0, Callbacks - WarmUpCallbacks);

    /// <summary>Callbacks the host flagged with lost input (its own buffer overflowed before we were called).</summary>
    public long HostOverflows => Interlocked.Read(ref _hostOverflows);

    /// <summary>The exception the target threw, which aborted the stream; null while all is well.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// True once PortAudio reported the stream finished: after <see cref="Stop"/>, after a fault, or because the host
    /// gave up (device unplugged, sound server gone).
    /// </summary>
    public bool HasFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>True while callbacks run.</summary>
    public bool IsActive => !_disposed && PortAudioInterop.IsStreamActive(_stream) == 1;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PortAudioException.ThrowIfFailed(PortAudioInterop.StartStream(_stream), "PortAudio could not start the stream");
        _started = true;
    }

    /// <summary>Stops after the blocks the host already holds have been delivered.</summary>
    public void Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started && PortAudioInterop.IsStreamActive(_stream) == 1)
        {
            PortAudioException.ThrowIfFailed(PortAudioInterop.StopStream(_stream), "PortAudio could not stop the stream");
        }
        _started = false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // A stream whose host failed may not stop cleanly; closing it is what matters, so errors are not thrown here.
        if (_started && PortAudioInterop.IsStreamActive(_stream) == 1)
        {
            PortAudioInterop.AbortStream(_stream);
        }
        _stream.Dispose();
        // No callback can run once the stream is closed, so the handle the callbacks use may go now.
        _self.Free();
        _session.Dispose();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnInput(void* input, void* output, CULong frameCount, PaStreamCallbackTimeInfo* time, CULong status, void* user)
    {
        long ticks = Stopwatch.GetTimestamp();
        var stream = Unsafe.As<PortAudioInputStream>(GCHandle.FromIntPtr((IntPtr)user).Target!);
        long callback = Interlocked.Increment(ref stream._callbacks);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            if ((status.Value & PortAudioInterop.InputOverflow) != 0)
            {
                Interlocked.Increment(ref stream._hostOverflows);
            }
            if (input != null)
            {
                stream._target.Write(new ReadOnlySpan<float>(input, checked((int)frameCount.Value * stream._channels)), ticks);
            }
            return PortAudioInterop.Continue;
        }
        catch (Exception error)
        {
            Interlocked.CompareExchange(ref stream._fault, error, null);
            return PortAudioInterop.Abort;
        }
        finally
        {
            if (callback > WarmUpCallbacks)
            {
                Interlocked.Add(ref stream._allocatedBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnFinished(void* user)
    {
        var stream = Unsafe.As<PortAudioInputStream>(GCHandle.FromIntPtr((IntPtr)user).Target!);
        Volatile.Write(ref stream._finished, 1);
    }
}
