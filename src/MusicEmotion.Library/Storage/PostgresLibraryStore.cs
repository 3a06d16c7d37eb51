using Npgsql;

namespace MusicEmotion.Library.Storage;

/// <summary>
/// The shared catalog: a PostgreSQL database that scanners on several machines fill together, each claiming files
/// with FOR UPDATE SKIP LOCKED.
/// </summary>
internal sealed class PostgresLibraryStore : SqlLibraryStore
{
    private PostgresLibraryStore(NpgsqlConnection connection, string location)
        : base(connection, SqlDialect.Postgres, location)
    {
    }

    public static PostgresLibraryStore Open(PostgresUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var connection = new NpgsqlConnection(url.ConnectionString);
        var store = new PostgresLibraryStore(connection, url.Display);
        try
        {
            connection.Open();
            store.PrepareSchema();
            return store;
        }
        catch (Exception error) when (LibraryConnection.IsUnreachable(error))
        {
            store.Dispose();
            throw LibraryConnection.Unavailable(url, "the catalog", error);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
