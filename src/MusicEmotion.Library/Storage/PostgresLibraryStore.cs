using System.Net.Sockets;
using MusicEmotion.Library.Catalog;
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
        catch (Exception error) when (error is NpgsqlException or SocketException or TimeoutException)
        {
            store.Dispose();
            string reason = error is PostgresException server ? server.MessageText : (error.InnerException ?? error).Message;
            throw new LibraryUnavailableException(
                $"{url.Display}: cannot open the catalog: {reason.ReplaceLineEndings(" ")}; expected a reachable PostgreSQL server and database", error);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
