using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Storage;

/// <summary>
/// A catalog database: the tracks, the queue of files waiting to be analysed, and the workers analysing them.
/// One instance is one connection, used by one thread; every scan worker opens its own. Every write that
/// changes a track is one transaction, so an interrupted scan leaves each track either as it was or complete.
/// </summary>
public interface ILibraryStore : IDisposable
{
    /// <summary>The library as the user named it (a PostgreSQL URL without its password).</summary>
    string Location { get; }

    /// <summary>Every track's file identity, status and model, for planning a scan.</summary>
    IReadOnlyList<CatalogFile> Files();

    /// <summary>Every indexed track with its summary (failed ones have none), for search.</summary>
    IReadOnlyList<TrackRecord> Tracks();

    /// <summary>A track by id, full path, or a file name that only one track has; null when none matches.</summary>
    TrackRecord? FindTrack(string key);

    IReadOnlyList<TrajectoryPoint> Trajectory(long trackId);

    /// <summary>A file seen under a new name with the same content: keeps its analysis.</summary>
    void RenameTrack(string oldPath, FileIdentity file);

    void DeleteTrack(string path);

    /// <summary>Adds files to the queue (or updates their identity); a file already analysed as it is now is left out.</summary>
    void Enqueue(IEnumerable<FileIdentity> files, string modelSha256);

    /// <summary>
    /// Takes the next file nobody holds (or whose holder's lease ran out) for <paramref name="worker"/>, or null when
    /// the queue is empty. Several processes may claim at once: each file goes to one of them.
    /// </summary>
    ScanJob? Claim(string worker, TimeSpan lease);

    /// <summary>Extends the lease; false when it was lost (it ran out and another worker took the file).</summary>
    bool Renew(ScanJob job, string worker, TimeSpan lease);

    /// <summary>
    /// Stores the analysis and removes the file from the queue in one transaction; false (and nothing written) when
    /// <paramref name="worker"/> no longer holds the file.
    /// </summary>
    bool Complete(ScanJob job, string worker, AnalysedTrack track);

    /// <summary>Gives a file back to the queue unfinished (the scan was stopped).</summary>
    void Release(ScanJob job, string worker);

    /// <summary>Files waiting in the queue, held by a worker or not (those already catalogued as queued left out).</summary>
    int PendingJobs();

    void RegisterWorker(WorkerIdentity worker);

    /// <summary>Says the worker is alive, what it is on (null: idle) and how many files it finished.</summary>
    void Heartbeat(WorkerIdentity worker, string? currentPath, int done, int failed);

    IReadOnlyList<WorkerStatus> Workers();
}

/// <summary>A track's file and how it was analysed, as a scan plan needs it.</summary>
public sealed record CatalogFile(FileIdentity File, TrackStatus Status, string ModelSha256);

/// <summary>A file claimed from the queue.</summary>
/// <param name="File">The file as it was when queued.</param>
/// <param name="ModelSha256">The model the scan that queued it analyses with.</param>
/// <param name="Attempts">How many times it was claimed, this time included (more than one: a worker died on it).</param>
public sealed record ScanJob(FileIdentity File, string ModelSha256, int Attempts);

/// <summary>Who a scan worker is: unique per process and thread, readable in <c>library workers</c>.</summary>
public sealed record WorkerIdentity(string Id, string Host, int ProcessId)
{
    public static WorkerIdentity ForThisProcess(int index) =>
        new($"{Environment.MachineName}:{Environment.ProcessId}:{index}", Environment.MachineName, Environment.ProcessId);
}

/// <summary>A worker as <c>library workers</c> shows it.</summary>
/// <param name="Worker">Who it is.</param>
/// <param name="CurrentPath">The file it is analysing; null when idle or finished.</param>
/// <param name="Done">Files it stored (failed ones included).</param>
/// <param name="Failed">Files it recorded as unreadable.</param>
/// <param name="SecondsSinceSeen">By the database's clock, so machines with different clocks agree.</param>
public sealed record WorkerStatus(WorkerIdentity Worker, double SecondsSinceSeen, string? CurrentPath, int Done, int Failed);
