using System.Runtime.InteropServices;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation token, so a long-running command stops cleanly: sinks completed,
/// recordings closed, sockets released. A second signal, once stopping has begun, ends the process as usual.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
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
}
