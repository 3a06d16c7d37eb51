using Microsoft.Data.Sqlite;

namespace MusicEmotion.Library.Storage;

/// <summary>
/// The embedded catalog: one SQLite file, in write-ahead-log mode so the scan's workers (one connection each) read
/// while one of them writes, and a busy timeout so they take turns at the write lock instead of failing.
/// </summary>
internal sealed class SqliteLibraryStore : SqlLibraryStore
{
    /// <summary>SQLITE_NOTADB: the file exists but is not an SQLite database.</summary>
    private const int NotADatabase = 26;

    private SqliteLibraryStore(SqliteConnection connection, string path)
        : base(connection, SqlDialect.Sqlite, path)
    {
    }

    public static SqliteLibraryStore Open(string path, bool create)
    {
        string full = Path.GetFullPath(path);
        if (!create && !File.Exists(full))
        {
            throw new FileNotFoundException($"{full}: no library there; make one with 'musicemotion library scan DIR --library {path}'", full);
        }
        SqliteConnection connection = LibraryConnection.Sqlite(full, create);
        var store = new SqliteLibraryStore(connection, full);
        try
        {
            connection.Open();
            store.Pragmas();
            store.PrepareSchema();
            return store;
        }
        catch (SqliteException error) when (error.SqliteErrorCode == NotADatabase)
        {
            store.Dispose();
            throw store.NotOurs("not an SQLite database");
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void Pragmas()
    {
        using var command = ((SqliteConnection)Connection).CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
