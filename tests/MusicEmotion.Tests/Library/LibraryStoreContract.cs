using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// What every catalog database must do, run against SQLite and PostgreSQL alike: keep tracks whole, hand each
/// queued file to one worker, take a file back from a worker whose lease ran out, refuse what it did not write.
/// </summary>
public abstract class LibraryStoreContract : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>The library as --library names it; a fresh, empty database for each test.</summary>
    protected abstract string Location { get; }

    /// <summary>Runs SQL against the database behind the store's back.</summary>
    protected abstract void ExecuteRaw(string sql);

    public abstract void Dispose();

    protected ILibraryStore Open() => new LibraryLocation(Location).Open(create: true);

    [SkippableFact]
    public void ATrackComesBackWithItsSummaryAndTrajectory()
    {
        using ILibraryStore store = Open();
        AnalysedTrack track = Complete(store, LibraryTracks.Analysed("/music/a.wav", seed: 1));

        TrackRecord stored = Assert.Single(store.Tracks());
        Assert.Equal(track.File, stored.File);
        Assert.Equal(TrackStatus.Indexed, stored.Status);
        Assert.Equal(track.Summary!.Mean, stored.Summary!.Mean);
        Assert.Equal(track.Summary.QuadrantShares, stored.Summary.QuadrantShares);
        Assert.Equal(track.Summary.NeutralShare, stored.Summary.NeutralShare);
        Assert.Equal(track.Summary.Contour.Points, stored.Summary.Contour.Points);
        Assert.Equal(track.Summary.Coarse.Points, stored.Summary.Coarse.Points);
        Assert.Equal(track.Summary.Ends, stored.Summary.Ends);
        Assert.Equal(track.Trajectory, store.Trajectory(stored.Id));
        Assert.Equal(stored.Id, store.FindTrack("a.wav")!.Id);
        Assert.Equal(stored.Id, store.FindTrack(stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))!.Id);
        Assert.Null(store.FindTrack("b.wav"));
    }

    [SkippableFact]
    public void AnUnreadableFileIsKeptWithItsReasonButNotSearched()
    {
        using ILibraryStore store = Open();
        var failed = new AnalysedTrack
        {
            File = new FileIdentity("/music/bad.wav", 4, 5, "hash-bad"), Model = "m", ModelSha256 = "model-a",
            Error = "/music/bad.wav: the file is empty (0 bytes); expected audio",
        };
        Complete(store, failed);

        Assert.Empty(store.Tracks());
        TrackRecord found = store.FindTrack("/music/bad.wav")!;
        Assert.Equal(TrackStatus.Failed, found.Status);
        Assert.Equal(failed.Error, found.Error);
        Assert.Equal(TrackStatus.Failed, Assert.Single(store.Files()).Status);
    }

    [SkippableFact]
    public void EveryQueuedFileGoesToExactlyOneOfTwoWorkers()
    {
        using ILibraryStore first = Open();
        using ILibraryStore second = Open();
        string[] paths = Enumerable.Range(0, 10).Select(i => $"/music/{i:D2}.wav").ToArray();
        first.Enqueue(paths.Select((path, i) => LibraryTracks.Analysed(path, i).File), "model-a");

        var claimed = new List<string>();
        while (true)
        {
            ScanJob? a = first.Claim("worker-a", Lease);
            ScanJob? b = second.Claim("worker-b", Lease);
            if (a is null && b is null)
            {
                break;
            }
            claimed.AddRange(new[] { a, b }.OfType<ScanJob>().Select(job => job.File.Path));
        }

        Assert.Equal(paths, claimed.Order());
        Assert.Equal(10, first.PendingJobs());
    }

    [SkippableFact]
    public void AFileWhoseLeaseRanOutGoesToTheNextWorkerAndTheFirstCannotCommitIt()
    {
        using ILibraryStore store = Open();
        AnalysedTrack track = LibraryTracks.Analysed("/music/a.wav", seed: 3);
        store.Enqueue([track.File], "model-a");
        ScanJob dead = store.Claim("dead", TimeSpan.FromSeconds(1))!;
        Assert.Null(store.Claim("live", Lease));

        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        ScanJob taken = store.Claim("live", Lease)!;

        Assert.Equal(2, taken.Attempts);
        Assert.False(store.Renew(dead, "dead", Lease));
        Assert.False(store.Complete(dead, "dead", track));
        Assert.Empty(store.Files());
        Assert.True(store.Complete(taken, "live", track));
        Assert.Single(store.Files());
        Assert.Equal(0, store.PendingJobs());
    }

    [SkippableFact]
    public void AFileReleasedByAStoppedWorkerIsClaimedAgain()
    {
        using ILibraryStore store = Open();
        store.Enqueue([LibraryTracks.Analysed("/music/a.wav", seed: 4).File], "model-a");
        ScanJob job = store.Claim("stopped", Lease)!;
        store.Release(job, "stopped");

        Assert.Equal("/music/a.wav", store.Claim("next", Lease)!.File.Path);
    }

    [SkippableFact]
    public void AQueuedFileAlreadyCataloguedAsItIsIsNotHandedOut()
    {
        using ILibraryStore store = Open();
        AnalysedTrack track = Complete(store, LibraryTracks.Analysed("/music/a.wav", seed: 5));
        // A second scan planned before the first stored the track, and queued the same file again.
        store.Enqueue([track.File], "model-a");

        Assert.Null(store.Claim("late", Lease));
        Assert.Equal(0, store.PendingJobs());
        store.Enqueue([track.File], "model-b");
        Assert.NotNull(store.Claim("new-model", Lease));
    }

    [SkippableFact]
    public void ARenameKeepsTheAnalysisAndADeleteDropsIt()
    {
        using ILibraryStore store = Open();
        AnalysedTrack track = Complete(store, LibraryTracks.Analysed("/music/a.wav", seed: 6));
        long id = store.Tracks()[0].Id;

        store.RenameTrack("/music/a.wav", track.File with { Path = "/music/renamed.wav" });
        TrackRecord renamed = Assert.Single(store.Tracks());
        Assert.Equal((id, "/music/renamed.wav"), (renamed.Id, renamed.Path));
        Assert.Equal(track.Trajectory.Count, store.Trajectory(id).Count);

        store.DeleteTrack("/music/renamed.wav");
        Assert.Empty(store.Files());
    }

    [SkippableFact]
    public void WorkersAreListedWithWhatTheyAreOn()
    {
        using ILibraryStore store = Open();
        var worker = new WorkerIdentity("host:1:0", "host", 1);
        store.RegisterWorker(worker);
        store.Heartbeat(worker, "/music/a.wav", done: 3, failed: 1);

        WorkerStatus status = Assert.Single(store.Workers());
        Assert.Equal((worker, "/music/a.wav", 3, 1), (status.Worker, status.CurrentPath, status.Done, status.Failed));
        Assert.InRange(status.SecondsSinceSeen, -5, 60);
    }

    [SkippableFact]
    public void ACorruptRowIsReportedByNameAndLeftAsItIs()
    {
        using (ILibraryStore store = Open())
        {
            Complete(store, LibraryTracks.Analysed("/music/a.wav", seed: 7));
        }
        ExecuteRaw("UPDATE tracks SET contour = ends");

        using ILibraryStore reopened = Open();
        var error = Assert.Throws<InvalidDataException>(() => reopened.Tracks());
        Assert.Contains("/music/a.wav", error.Message, StringComparison.Ordinal);
        Assert.Contains("contour is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Single(reopened.Files());
    }

    [SkippableFact]
    public void ADatabaseThatIsNotOursIsRefusedAndLeftAlone()
    {
        ExecuteRaw("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");

        var error = Assert.Throws<InvalidDataException>(() => Open().Dispose());

        Assert.Contains("not a MusicEmotion library", error.Message, StringComparison.Ordinal);
        Assert.Contains("invoices", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static AnalysedTrack Complete(ILibraryStore store, AnalysedTrack track)
    {
        store.Enqueue([track.File], track.ModelSha256);
        ScanJob job = store.Claim("worker", Lease)!;
        Assert.True(store.Complete(job, "worker", track));
        return track;
    }
}

/// <summary>The contract on an SQLite file in a temp folder.</summary>
public sealed class SqliteLibraryStoreTests : LibraryStoreContract
{
    private readonly Support.TempFolder _folder = new();

    protected override string Location => _folder.File("library.db");

    protected override void ExecuteRaw(string sql) => Support.SqliteFile.Execute(Location, sql);

    public override void Dispose() => _folder.Dispose();

    [Fact]
    public void AFileThatIsNotAnSqliteDatabaseIsRefusedAndLeftAsItWas()
    {
        byte[] text = "these are my notes, not a database\n"u8.ToArray();
        File.WriteAllBytes(Location, text);

        var error = Assert.Throws<InvalidDataException>(() => Open().Dispose());

        Assert.Equal($"{Location}: not a MusicEmotion library (not an SQLite database); expected a musicemotion-library version 1 catalog made by 'musicemotion library scan'", error.Message);
        Assert.Equal(text, File.ReadAllBytes(Location));
    }

    [Fact]
    public void AMissingLibraryIsNotCreatedByACommandThatOnlyReads()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new LibraryLocation(Location).Open(create: false));

        Assert.Contains("no library there", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Location));
    }
}

/// <summary>The contract on a fresh database of a real PostgreSQL server.</summary>
public sealed class PostgresLibraryStoreTests : LibraryStoreContract
{
    private readonly Lazy<PostgresServer> _server = new(PostgresServer.Create);

    protected override string Location => _server.Value.Url;

    protected override void ExecuteRaw(string sql) => _server.Value.ExecuteInTestDatabase(sql);

    public override void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }

    [Fact]
    public void AnUnreachableServerIsOneLineNamingItWithoutThePassword()
    {
        var error = Assert.Throws<MusicEmotion.Library.Catalog.LibraryUnavailableException>(
            () => new LibraryLocation("postgresql://someone:secret@127.0.0.1:1/catalog").Open(create: true));

        Assert.StartsWith("postgresql://someone@127.0.0.1:1/catalog: cannot open the catalog:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
