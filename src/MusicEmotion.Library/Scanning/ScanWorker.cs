using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Library.Scanning;

/// <summary>
/// One scan worker: claims a file from the queue, analyses it while renewing its lease, commits the track, and
/// takes the next, until the queue is empty or the scan is stopped. Stopped mid-file, it hands the file back, so
/// the catalog holds only whole tracks and the next scan picks the file up again.
/// </summary>
public sealed class ScanWorker
{
    private readonly ILibraryStore _store;
    private readonly TrackAnalyser _analyser;
    private readonly WorkerIdentity _identity;
    private readonly TimeSpan _lease;
    private readonly ScanProgress _progress;

    public ScanWorker(ILibraryStore store, TrackAnalyser analyser, WorkerIdentity identity, TimeSpan lease, ScanProgress progress)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _analyser = analyser ?? throw new ArgumentNullException(nameof(analyser));
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        _lease = lease;
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));
    }

    /// <summary>Runs on the calling thread (the store's connection is used from this thread only).</summary>
    public void Run(CancellationToken cancellationToken)
    {
        int done = 0, failed = 0;
        _store.RegisterWorker(_identity);
        while (!cancellationToken.IsCancellationRequested && NextJob(cancellationToken) is { } job)
        {
            _store.Heartbeat(_identity, job.File.Path, done, failed);
            AnalysedTrack? track = AnalyseHoldingLease(job, done, failed, cancellationToken);
            if (track is null)
            {
                _store.Release(job, _identity.Id);
                break;
            }
            if (_store.Complete(job, _identity.Id, track))
            {
                done++;
                failed += track.Status == TrackStatus.Failed ? 1 : 0;
                _progress.Stored(track);
            }
            else
            {
                _progress.LeaseLost();
            }
        }
        _store.Heartbeat(_identity, null, done, failed);
    }

    /// <summary>
    /// The next file to analyse, or null when the queue is empty. Files held by other workers count as not done: a
    /// worker that died holds its file until the lease runs out, and someone must then pick it up, so the scan
    /// waits for them instead of ending with files left behind.
    /// </summary>
    private ScanJob? NextJob(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_store.Claim(_identity.Id, _lease) is { } job)
            {
                return job;
            }
            if (_store.PendingJobs() == 0)
            {
                return null;
            }
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(1, _lease.TotalSeconds / 3)));
        }
        return null;
    }

    /// <summary>
    /// The analysis runs on the pipeline's tasks while this thread renews the lease at a third of its length (and
    /// says it is alive), so a long track is never taken away from a live worker, and a dead worker's lease runs out within one lease.
    /// </summary>
    private AnalysedTrack? AnalyseHoldingLease(ScanJob job, int done, int failed, CancellationToken cancellationToken)
    {
        Task<AnalysedTrack?> analysis = _analyser.AnalyseAsync(job.File, cancellationToken);
        while (!analysis.Wait(_lease / 3))
        {
            _store.Renew(job, _identity.Id, _lease);
            _store.Heartbeat(_identity, job.File.Path, done, failed);
        }
        return analysis.GetAwaiter().GetResult();
    }
}
