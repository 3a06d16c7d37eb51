namespace MusicEmotion.Library.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL need different SQL; everything else the two stores share verbatim.
/// </summary>
/// <param name="Real">The 64-bit floating-point column type.</param>
/// <param name="Blob">The binary column type.</param>
/// <param name="Identity">The auto-numbered primary key column.</param>
/// <param name="Now">The database's clock in seconds since the Unix epoch: leases are judged by one clock, however
/// many machines take part.</param>
/// <param name="SkipLocked">Appended to the claim's row selection: PostgreSQL skips rows other workers are claiming;
/// SQLite needs nothing, because a write transaction holds the whole database.</param>
/// <param name="SchemaLock">Run before creating the schema, so processes that start together on an empty catalog
/// do not create it twice.</param>
/// <param name="Tables">Lists the tables of the catalog's schema, to tell an empty database from someone else's.</param>
/// <param name="IdentityNotReused">An auto-numbered primary key that never hands out a deleted row's number again:
/// a label's id is what the listener removes it by, so a new label must not take an old one's.</param>
/// <param name="ColumnCount">Counts the columns named @column of table @table in the catalog's schema (0 or 1), so
/// a table made by an older release can be told apart and given the columns it lacks.</param>
internal sealed record SqlDialect(
    string Real, string Blob, string Identity, string Now, string SkipLocked, string? SchemaLock, string Tables,
    string IdentityNotReused, string ColumnCount)
{
    /// <summary>Identity columns never go back, so the plain one is already never reused.</summary>
    private const string PostgresIdentity = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public static SqlDialect Sqlite { get; } = new(
        "REAL", "BLOB", "INTEGER PRIMARY KEY", "((julianday('now') - 2440587.5) * 86400.0)", "", null,
        "SELECT name FROM sqlite_master WHERE type = 'table'",
        "INTEGER PRIMARY KEY AUTOINCREMENT",
        "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column");

    public static SqlDialect Postgres { get; } = new(
        "DOUBLE PRECISION", "BYTEA", PostgresIdentity,
        "extract(epoch from clock_timestamp())::double precision", "FOR UPDATE SKIP LOCKED",
        "SELECT pg_advisory_xact_lock(14140501)",
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
        PostgresIdentity,
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column");
}
