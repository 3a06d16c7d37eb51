using System.Runtime.InteropServices;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation token, so a long-running command stops cleanly: sinks completed,
/// recordings closed, sockets released. A second signal, once stopping has begun, ends the process as usual.
/// Optionally SIGUSR1 asks for statistics without stopping (live --stats). Registered for the command, removed after it.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    /// <summary>SIGUSR1's number where it exists: 10 on Linux, 30 on macOS; Windows has none.</summary>
    private static readonly int? StatsSignalNumber = OperatingSystem.IsLinux() ? 10 : OperatingSystem.IsMacOS() ? 30 : null;

    private readonly CancellationTokenSource _stop;
    private readonly bool _ownsStop;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _statsRequested;

    /// <summary>A token of its own that only the signals cancel.</summary>
    public StopSignal()
        : this(new CancellationTokenSource(), ownsStop: true, listenForStats: false)
    {
    }

    /// <summary>Cancels <paramref name="stop"/>, which other things (a duration, a closed window) may cancel too.</summary>
    public StopSignal(CancellationTokenSource stop, bool listenForStats)
        : this(stop, ownsStop: false, listenForStats)
    {
    }

    private StopSignal(CancellationTokenSource stop, bool ownsStop, bool listenForStats)
    {
        _stop = stop;
        _ownsStop = ownsStop;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop));
        if (listenForStats && StatsSignalNumber is { } number)
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)number, RequestStats));
        }
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>True once after each SIGUSR1.</summary>
    public bool TakeStatsRequest() => Interlocked.Exchange(ref _statsRequested, 0) != 0;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
        if (_ownsStop)
        {
            _stop.Dispose();
        }
    }

    private void Stop(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        context.Cancel = true;
        _stop.Cancel();
    }

    private void RequestStats(PosixSignalContext context)
    {
        context.Cancel = true;
        Interlocked.Exchange(ref _statsRequested, 1);
    }
}
