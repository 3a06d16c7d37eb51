using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using MusicEmotion.Inference;

namespace MusicEmotion.Library.Feedback;

/// <summary>
/// The listener's labels, in a feedback table of the library's SQLite file (next to the tracks they label). One
/// insert is one statement, so a label is stored whole or not at all. The view, the CLI and serve all add labels
/// through <see cref="Add"/>.
/// </summary>
public sealed class FeedbackStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private FeedbackStore(SqliteConnection connection) => _connection = connection;

    public static FeedbackStore Open(string sqlitePath)
    {
        string full = Path.GetFullPath(sqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        connection.Open();
        using SqliteCommand create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS feedback (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                content_hash TEXT NOT NULL,
                path TEXT NOT NULL,
                at_seconds REAL,
                felt_arousal REAL NOT NULL,
                felt_valence REAL NOT NULL,
                class TEXT,
                reading_arousal REAL NOT NULL,
                reading_valence REAL NOT NULL,
                model_sha256 TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                hidden BLOB)
            """;
        create.ExecuteNonQuery();
        AddHiddenColumn(connection);
        return new FeedbackStore(connection);
    }

    /// <summary>
    /// Databases made before labels kept the model's hidden state lack the column: it is added (null for the old
    /// rows, which only the affine map then uses). A no-op on a current table.
    /// </summary>
    private static void AddHiddenColumn(SqliteConnection connection)
    {
        using SqliteCommand columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('feedback') WHERE name = 'hidden'";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            using SqliteCommand alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE feedback ADD COLUMN hidden BLOB";
            alter.ExecuteNonQuery();
        }
    }

    /// <summary>Stores a label after checking it lies on the circumplex; returns it with its id.</summary>
    public FeedbackLabel Add(FeedbackLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        CheckOnCircumplex("--arousal", label.Felt.Arousal);
        CheckOnCircumplex("--valence", label.Felt.Valence);
        using SqliteCommand insert = _connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO feedback (content_hash, path, at_seconds, felt_arousal, felt_valence, class, reading_arousal, reading_valence, model_sha256, created_utc, hidden)
            VALUES ($hash, $path, $at, $fa, $fv, $class, $ra, $rv, $model, $created, $hidden) RETURNING id
            """;
        insert.Parameters.AddWithValue("$hash", label.ContentHash);
        insert.Parameters.AddWithValue("$path", label.Path);
        insert.Parameters.AddWithValue("$at", label.AtSeconds is { } at ? at : DBNull.Value);
        insert.Parameters.AddWithValue("$fa", label.Felt.Arousal);
        insert.Parameters.AddWithValue("$fv", label.Felt.Valence);
        insert.Parameters.AddWithValue("$class", label.Class is { } c ? c : DBNull.Value);
        insert.Parameters.AddWithValue("$ra", label.Reading.Arousal);
        insert.Parameters.AddWithValue("$rv", label.Reading.Valence);
        insert.Parameters.AddWithValue("$model", label.ModelSha256);
        insert.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        // h as float32 in the machine's byte order: little-endian on every platform the project builds for.
        insert.Parameters.AddWithValue("$hidden", label.Hidden is { } h ? MemoryMarshal.AsBytes(h.AsSpan()).ToArray() : DBNull.Value);
        long id = (long)insert.ExecuteScalar()!;
        return label with { Id = id };
    }

    public IReadOnlyList<FeedbackLabel> List()
    {
        using SqliteCommand select = _connection.CreateCommand();
        select.CommandText = "SELECT id, content_hash, path, at_seconds, felt_arousal, felt_valence, class, reading_arousal, reading_valence, model_sha256, hidden FROM feedback ORDER BY id";
        using SqliteDataReader row = select.ExecuteReader();
        var labels = new List<FeedbackLabel>();
        while (row.Read())
        {
            labels.Add(new FeedbackLabel(
                row.GetInt64(0), row.GetString(1), row.GetString(2), row.IsDBNull(3) ? null : row.GetDouble(3),
                new AffectPoint(row.GetFloat(4), row.GetFloat(5)), row.IsDBNull(6) ? null : row.GetString(6),
                new AffectPoint(row.GetFloat(7), row.GetFloat(8)), row.GetString(9),
                row.IsDBNull(10) ? null : MemoryMarshal.Cast<byte, float>((byte[])row.GetValue(10)).ToArray()));
        }
        return labels;
    }

    /// <summary>False when no label has that id.</summary>
    public bool Remove(long id)
    {
        using SqliteCommand delete = _connection.CreateCommand();
        delete.CommandText = "DELETE FROM feedback WHERE id = $id";
        delete.Parameters.AddWithValue("$id", id);
        return delete.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _connection.Dispose();

    private static void CheckOnCircumplex(string what, float value)
    {
        if (!(value >= -1f && value <= 1f))
        {
            throw new InvalidDataException($"{what} {value.ToString(CultureInfo.InvariantCulture)}: expected a value in [-1, 1]");
        }
    }
}
