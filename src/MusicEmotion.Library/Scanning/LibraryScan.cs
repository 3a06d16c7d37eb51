using MusicEmotion.Library.Storage;

namespace MusicEmotion.Library.Scanning;

/// <summary>
/// Runs scan workers side by side, each on its own thread with its own catalog connection and its own analyser
/// (engines carry state), until the queue is empty or the scan is stopped. The queue lives in the catalog, so
/// workers in other processes or on other machines share it.
/// </summary>
public sealed class LibraryScan
{
    private readonly Func<ILibraryStore> _openStore;
    private readonly Func<int, TrackAnalyser> _createAnalyser;
    private readonly TimeSpan _lease;

    /// <param name="openStore">Opens one connection to the catalog; called once per worker.</param>
    /// <param name="createAnalyser">Builds the analyser of worker N (0-based).</param>
    /// <param name="lease">How long a claimed file stays with its worker without a renewal.</param>
    public LibraryScan(Func<ILibraryStore> openStore, Func<int, TrackAnalyser> createAnalyser, TimeSpan lease)
    {
        _openStore = openStore ?? throw new ArgumentNullException(nameof(openStore));
        _createAnalyser = createAnalyser ?? throw new ArgumentNullException(nameof(createAnalyser));
        _lease = lease;
    }

    public ScanProgress Progress { get; } = new();

    /// <summary>Starts <paramref name="workers"/> workers; the task ends when all have, with the first error if any failed.</summary>
    public Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var threads = Enumerable.Range(0, workers).Select(index => Task.Factory.StartNew(
            () => RunWorker(index, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        return Task.WhenAll(threads.ToArray());
    }

    private void RunWorker(int index, CancellationToken cancellationToken)
    {
        using ILibraryStore store = _openStore();
        new ScanWorker(store, _createAnalyser(index), WorkerIdentity.ForThisProcess(index), _lease, Progress).Run(cancellationToken);
    }
}
