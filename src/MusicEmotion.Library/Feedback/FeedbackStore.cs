using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using MusicEmotion.Inference;
using MusicEmotion.Library.Storage;
using Npgsql;

namespace MusicEmotion.Library.Feedback;

/// <summary>
/// The listener's labels, in a feedback table of the library's database (an SQLite file or a PostgreSQL database,
/// next to the tracks they label). One insert is one statement, so a label is stored whole or not at all. The view,
/// the CLI and serve all add labels through <see cref="Add"/>.
/// </summary>
public sealed class FeedbackStore : IDisposable
{
    private readonly DbConnection _connection;

    private FeedbackStore(DbConnection connection) => _connection = connection;

    /// <summary>
    /// Opens the labels of <paramref name="library"/>, making the table if there is none. An SQLite library that
    /// does not exist is a <see cref="FileNotFoundException"/> naming it (every label is of a scanned track, so a
    /// missing file is a mistyped path, not an empty library to create). A PostgreSQL server that cannot be reached
    /// is a <see cref="Catalog.LibraryUnavailableException"/> naming it without the password.
    /// </summary>
    public static FeedbackStore Open(LibraryLocation library)
    {
        ArgumentNullException.ThrowIfNull(library);
        // The labels share the catalog's database. Opening the catalog first makes an empty PostgreSQL database a
        // library (or refuses someone else's), so a feedback table never stands alone where a later scan would refuse
        // to write.
        library.Open(create: false).Dispose();
        DbConnection connection = library.IsShared
            ? new NpgsqlConnection(PostgresUrl.Parse(library.Value).ConnectionString)
            : LibraryConnection.Sqlite(Path.GetFullPath(library.Value), create: false);
        try
        {
            connection.Open();
            PrepareTable(connection, library.Dialect);
            return new FeedbackStore(connection);
        }
        catch (Exception error) when (library.IsShared && LibraryConnection.IsUnreachable(error))
        {
            connection.Dispose();
            throw LibraryConnection.Unavailable(PostgresUrl.Parse(library.Value), "the labels", error);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the table in one transaction; on PostgreSQL under the schema lock, so two processes opening a library
    /// together do not both create it (one would fail on the catalog's unique type name).
    /// </summary>
    private static void PrepareTable(DbConnection connection, SqlDialect sql)
    {
        using DbTransaction transaction = connection.BeginTransaction();
        if (sql.SchemaLock is { } schemaLock)
        {
            Execute(connection, transaction, schemaLock);
        }
        Execute(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS feedback (
                id {sql.IdentityNotReused},
                content_hash TEXT NOT NULL,
                path TEXT NOT NULL,
                at_seconds {sql.Real},
                felt_arousal {sql.Real} NOT NULL,
                felt_valence {sql.Real} NOT NULL,
                class TEXT,
                reading_arousal {sql.Real} NOT NULL,
                reading_valence {sql.Real} NOT NULL,
                model_sha256 TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                hidden {sql.Blob})
            """);
        AddHiddenColumn(connection, transaction, sql);
        transaction.Commit();
    }

    /// <summary>
    /// Databases made before labels kept the model's hidden state lack the column: it is added (null for the old
    /// rows, which only the affine map then uses). A no-op on a current table.
    /// </summary>
    private static void AddHiddenColumn(DbConnection connection, DbTransaction transaction, SqlDialect sql)
    {
        using DbCommand columns = Command(connection, transaction, sql.ColumnCount);
        Parameter(columns, "table", "feedback", DbType.String);
        Parameter(columns, "column", "hidden", DbType.String);
        if (Convert.ToInt64(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute(connection, transaction, $"ALTER TABLE feedback ADD COLUMN hidden {sql.Blob}");
        }
    }

    /// <summary>Stores a label after checking it lies on the circumplex; returns it with its id.</summary>
    public FeedbackLabel Add(FeedbackLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        CheckOnCircumplex("--arousal", label.Felt.Arousal);
        CheckOnCircumplex("--valence", label.Felt.Valence);
        using DbCommand insert = Command(_connection, null, """
            INSERT INTO feedback (content_hash, path, at_seconds, felt_arousal, felt_valence, class, reading_arousal, reading_valence, model_sha256, created_utc, hidden)
            VALUES (@hash, @path, @at, @fa, @fv, @class, @ra, @rv, @model, @created, @hidden) RETURNING id
            """);
        // Every type is given: PostgreSQL cannot infer one from a NULL, and a float widens to double exactly.
        Parameter(insert, "hash", label.ContentHash, DbType.String);
        Parameter(insert, "path", label.Path, DbType.String);
        Parameter(insert, "at", label.AtSeconds, DbType.Double);
        Parameter(insert, "fa", (double)label.Felt.Arousal, DbType.Double);
        Parameter(insert, "fv", (double)label.Felt.Valence, DbType.Double);
        Parameter(insert, "class", label.Class, DbType.String);
        Parameter(insert, "ra", (double)label.Reading.Arousal, DbType.Double);
        Parameter(insert, "rv", (double)label.Reading.Valence, DbType.Double);
        Parameter(insert, "model", label.ModelSha256, DbType.String);
        Parameter(insert, "created", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), DbType.String);
        // h as float32 in the machine's byte order: little-endian on every platform the project builds for.
        Parameter(insert, "hidden", label.Hidden is { } h ? MemoryMarshal.AsBytes(h.AsSpan()).ToArray() : null, DbType.Binary);
        long id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return label with { Id = id };
    }

    public IReadOnlyList<FeedbackLabel> List()
    {
        using DbCommand select = Command(_connection, null,
            "SELECT id, content_hash, path, at_seconds, felt_arousal, felt_valence, class, reading_arousal, reading_valence, model_sha256, hidden FROM feedback ORDER BY id");
        using DbDataReader row = select.ExecuteReader();
        var labels = new List<FeedbackLabel>();
        while (row.Read())
        {
            labels.Add(new FeedbackLabel(
                row.GetInt64(0), row.GetString(1), row.GetString(2), row.IsDBNull(3) ? null : row.GetDouble(3),
                new AffectPoint(Single(row, 4), Single(row, 5)), row.IsDBNull(6) ? null : row.GetString(6),
                new AffectPoint(Single(row, 7), Single(row, 8)), row.GetString(9),
                row.IsDBNull(10) ? null : MemoryMarshal.Cast<byte, float>(row.GetFieldValue<byte[]>(10)).ToArray()));
        }
        return labels;
    }

    /// <summary>False when no label has that id.</summary>
    public bool Remove(long id)
    {
        using DbCommand delete = Command(_connection, null, "DELETE FROM feedback WHERE id = @id");
        Parameter(delete, "id", id, DbType.Int64);
        return delete.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// A stored float32 read back as it was written: both columns hold doubles (Npgsql will not read a double
    /// precision column as a float), and a float widened to double narrows back exactly.
    /// </summary>
    private static float Single(DbDataReader row, int column) => (float)row.GetDouble(column);

    private static void CheckOnCircumplex(string what, float value)
    {
        if (!(value >= -1f && value <= 1f))
        {
            throw new InvalidDataException($"{what} {value.ToString(CultureInfo.InvariantCulture)}: expected a value in [-1, 1]");
        }
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using DbCommand command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>@name, which Microsoft.Data.Sqlite and Npgsql both take.</summary>
    private static void Parameter(DbCommand command, string name, object? value, DbType type)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
