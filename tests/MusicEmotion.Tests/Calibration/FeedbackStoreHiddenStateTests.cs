using Microsoft.Data.Sqlite;
using MusicEmotion.Inference;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>Labels keep the model's hidden state for the head refit; a feedback table made before that gains the column.</summary>
public sealed class FeedbackStoreHiddenStateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AFeedbackTableFromBeforeHiddenStatesGainsTheColumnAndKeepsItsLabels()
    {
        string database = _folder.File("old.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            // The table as the first release of feedback made it.
            create.CommandText = """
                CREATE TABLE feedback (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, content_hash TEXT NOT NULL, path TEXT NOT NULL, at_seconds REAL,
                    felt_arousal REAL NOT NULL, felt_valence REAL NOT NULL, class TEXT, reading_arousal REAL NOT NULL,
                    reading_valence REAL NOT NULL, model_sha256 TEXT NOT NULL, created_utc TEXT NOT NULL);
                INSERT INTO feedback (content_hash, path, at_seconds, felt_arousal, felt_valence, class, reading_arousal, reading_valence, model_sha256, created_utc)
                VALUES ('abc', '/music/a.wav', 12.5, 0.4, -0.2, NULL, 0.1, 0.3, 'sha', '2026-12-01T00:00:00Z');
                """;
            create.ExecuteNonQuery();
        }

        using FeedbackStore store = FeedbackStore.Open(database);
        FeedbackLabel old = Assert.Single(store.List());
        Assert.Null(old.Hidden);
        Assert.Equal(new AffectPoint(0.4f, -0.2f), old.Felt);

        float[] hidden = [0.25f, -0.5f, 0.125f];
        store.Add(old with { Id = 0, Hidden = hidden });
        Assert.Equal(hidden, store.List()[1].Hidden);
    }

    [Fact]
    public void ALabelWithoutAHiddenStateIsStillAddedByTheOriginalCall()
    {
        using FeedbackStore store = FeedbackStore.Open(_folder.File("new.db"));
        // The call code outside FeedbackLabeller makes: no hidden state.
        store.Add(new FeedbackLabel(0, "abc", "/music/a.wav", null, new AffectPoint(0, 0), "neutral", new AffectPoint(0.1f, 0.1f), "sha"));

        Assert.Null(Assert.Single(store.List()).Hidden);
    }
}
