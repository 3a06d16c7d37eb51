using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// What the labels must do in every library database, run against an SQLite file and a real PostgreSQL server
/// alike: come back exactly as stored (hidden state and all), store nothing for a label off the circumplex, and
/// give a table made before hidden states were kept the column it lacks.
/// </summary>
public abstract class FeedbackStoreContract : IDisposable
{
    /// <summary>The library as --library names it; a fresh, empty database for each test.</summary>
    protected abstract string Location { get; }

    /// <summary>The feedback table as the first release of feedback made it, without the hidden column.</summary>
    protected abstract string TableWithoutHiddenColumn { get; }

    /// <summary>Runs SQL against the database behind the store's back.</summary>
    protected abstract void ExecuteRaw(string sql);

    public abstract void Dispose();

    protected FeedbackStore Open() => FeedbackStore.Open(new LibraryLocation(Location));

    [SkippableFact]
    public void LabelsComeBackBitForBitAndAreRemovedByTheirIds()
    {
        // Values with long mantissas and extreme exponents, so any trip through a narrower type would show.
        float[] hidden = [0.1f, -1.0f / 3, 1e-38f, -float.Epsilon, float.MaxValue, 0f];
        var moment = new FeedbackLabel(0, "hash-a", "/music/a.wav", 12.345678901234, new AffectPoint(0.1f, -0.7f), null,
            new AffectPoint(1.0f / 3, -0.123456789f), "model-sha", hidden);
        var whole = new FeedbackLabel(0, "hash-b", "/music/b.wav", null, FeedbackClasses.PointOf("positive"), "positive",
            new AffectPoint(-0.999999f, 0.000001f), "model-sha");

        using (FeedbackStore store = Open())
        {
            FeedbackLabel first = store.Add(moment);
            FeedbackLabel second = store.Add(whole);
            Assert.True(second.Id > first.Id);
            Assert.Equal([first, second], store.List(), LabelComparer.Instance);
            Assert.True(store.Remove(second.Id));
            Assert.False(store.Remove(second.Id));
            // A new label never takes a removed one's id: the id is what the listener removes a label by.
            Assert.True(store.Add(whole).Id > second.Id);
        }

        using FeedbackStore reopened = Open();
        IReadOnlyList<FeedbackLabel> labels = reopened.List();
        Assert.Equal(2, labels.Count);
        Assert.Equal(moment with { Id = labels[0].Id }, labels[0], LabelComparer.Instance);
        Assert.Null(labels[1].AtSeconds);
        Assert.Equal("positive", labels[1].Class);
        Assert.Null(labels[1].Hidden);
    }

    [SkippableTheory]
    [InlineData(1.5f, 0f)]
    [InlineData(0f, -1.01f)]
    [InlineData(float.NaN, 0f)]
    public void ALabelOffTheCircumplexStoresNothing(float arousal, float valence)
    {
        using FeedbackStore store = Open();
        var label = new FeedbackLabel(0, "hash-a", "/music/a.wav", 3, new AffectPoint(arousal, valence), null, new AffectPoint(0, 0), "model-sha");

        var error = Assert.Throws<InvalidDataException>(() => store.Add(label));

        Assert.Contains("expected a value in [-1, 1]", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.List());
    }

    [SkippableFact]
    public void AFeedbackTableFromBeforeHiddenStatesGainsTheColumnAndKeepsItsLabels()
    {
        // A library made by a scan, then labelled by the first release of feedback.
        new LibraryLocation(Location).Open(create: true).Dispose();
        ExecuteRaw(TableWithoutHiddenColumn);
        ExecuteRaw("""
            INSERT INTO feedback (content_hash, path, at_seconds, felt_arousal, felt_valence, class, reading_arousal, reading_valence, model_sha256, created_utc)
            VALUES ('abc', '/music/a.wav', 12.5, 0.4, -0.2, NULL, 0.1, 0.3, 'sha', '2026-12-01T00:00:00Z')
            """);

        using FeedbackStore store = Open();
        FeedbackLabel old = Assert.Single(store.List());
        Assert.Null(old.Hidden);
        Assert.Equal(new AffectPoint(0.4f, -0.2f), old.Felt);

        float[] hidden = [0.25f, -0.5f, 0.125f];
        store.Add(old with { Id = 0, Hidden = hidden });
        Assert.Equal(hidden, store.List()[1].Hidden);
    }

    [SkippableFact]
    public void ALabelWithoutAHiddenStateIsStillAddedByTheOriginalCall()
    {
        using FeedbackStore store = Open();
        // The call code outside FeedbackLabeller makes: no hidden state.
        store.Add(new FeedbackLabel(0, "abc", "/music/a.wav", null, new AffectPoint(0, 0), "neutral", new AffectPoint(0.1f, 0.1f), "sha"));

        Assert.Null(Assert.Single(store.List()).Hidden);
    }

    /// <summary>Labels equal field by field, the hidden state element by element (a record compares arrays by reference).</summary>
    private sealed class LabelComparer : IEqualityComparer<FeedbackLabel>
    {
        public static LabelComparer Instance { get; } = new();

        public bool Equals(FeedbackLabel? x, FeedbackLabel? y) =>
            x is not null && y is not null && x with { Hidden = null } == y with { Hidden = null } &&
            (x.Hidden ?? []).SequenceEqual(y.Hidden ?? []) && (x.Hidden is null) == (y.Hidden is null);

        public int GetHashCode(FeedbackLabel obj) => obj.Id.GetHashCode();
    }
}

/// <summary>The contract on an SQLite library file in a temp folder.</summary>
public sealed class SqliteFeedbackStoreTests : FeedbackStoreContract
{
    private readonly TempFolder _folder = new();

    // An empty library, as a scan of nothing makes it: the labels refuse a library file that does not exist.
    public SqliteFeedbackStoreTests() => new LibraryLocation(Location).Open(create: true).Dispose();

    protected override string Location => _folder.File("library.db");

    protected override string TableWithoutHiddenColumn => """
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT, content_hash TEXT NOT NULL, path TEXT NOT NULL, at_seconds REAL,
            felt_arousal REAL NOT NULL, felt_valence REAL NOT NULL, class TEXT, reading_arousal REAL NOT NULL,
            reading_valence REAL NOT NULL, model_sha256 TEXT NOT NULL, created_utc TEXT NOT NULL)
        """;

    protected override void ExecuteRaw(string sql) => SqliteFile.Execute(Location, sql);

    public override void Dispose() => _folder.Dispose();
}

/// <summary>The contract on a fresh database of a real PostgreSQL server.</summary>
public sealed class PostgresFeedbackStoreTests : FeedbackStoreContract
{
    private readonly Lazy<PostgresServer> _server = new(PostgresServer.Create);

    protected override string Location => _server.Value.Url;

    protected override string TableWithoutHiddenColumn => """
        CREATE TABLE feedback (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, content_hash TEXT NOT NULL, path TEXT NOT NULL,
            at_seconds DOUBLE PRECISION, felt_arousal DOUBLE PRECISION NOT NULL, felt_valence DOUBLE PRECISION NOT NULL,
            class TEXT, reading_arousal DOUBLE PRECISION NOT NULL, reading_valence DOUBLE PRECISION NOT NULL,
            model_sha256 TEXT NOT NULL, created_utc TEXT NOT NULL)
        """;

    protected override void ExecuteRaw(string sql) => _server.Value.ExecuteInTestDatabase(sql);

    public override void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }

    [SkippableFact]
    public async Task ProcessesOpeningAFreshLibraryTogetherAllGetOneTable()
    {
        using var start = new Barrier(8);
        // Threads of their own, so all eight wait at the barrier at once however small the thread pool is.
        Task[] openers = [.. Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            Open().Dispose();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        await Task.WhenAll(openers);

        using FeedbackStore store = Open();
        Assert.Empty(store.List());
    }

    [Fact]
    public void AnUnreachableServerIsOneLineNamingItWithoutThePassword()
    {
        var error = Assert.Throws<LibraryUnavailableException>(
            () => FeedbackStore.Open(new LibraryLocation("postgresql://someone:secret@127.0.0.1:1/catalog")));

        Assert.StartsWith("postgresql://someone@127.0.0.1:1/catalog: cannot open", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
