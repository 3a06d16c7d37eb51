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
internal sealed record SqlDialect(string Real, string Blob, string Identity, string Now, string SkipLocked, string? SchemaLock, string Tables)
{
    public static SqlDialect Sqlite { get; } = new(
        "REAL", "BLOB", "INTEGER PRIMARY KEY", "((julianday('now') - 2440587.5) * 86400.0)", "", null,
        "SELECT name FROM sqlite_master WHERE type = 'table'");

    public static SqlDialect Postgres { get; } = new(
        "DOUBLE PRECISION", "BYTEA", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "extract(epoch from clock_timestamp())::double precision", "FOR UPDATE SKIP LOCKED",
        "SELECT pg_advisory_xact_lock(14140501)",
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
}
