using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using MusicEmotion.Library.Catalog;
using Npgsql;

namespace MusicEmotion.Library.Storage;

/// <summary>
/// How the library's database is reached, for the catalog and the labels alike, so both open it with the same
/// settings and report an unreachable server the same way.
/// </summary>
internal static class LibraryConnection
{
    /// <summary>
    /// An SQLite connection to <paramref name="fullPath"/>, not yet open. Pooling is off because each user holds its
    /// connection for its whole run; the 60 s timeout lets writers take turns at the write lock instead of failing.
    /// </summary>
    public static SqliteConnection Sqlite(string fullPath, bool create)
    {
        if (Path.GetDirectoryName(fullPath) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
        return new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
    }

    /// <summary>Failures that mean the server could not be reached or refused us, as opposed to a fault in our SQL.</summary>
    public static bool IsUnreachable(Exception error) => error is NpgsqlException or SocketException or TimeoutException;

    /// <summary>One line naming the server (without its password), what could not be opened, and why.</summary>
    public static LibraryUnavailableException Unavailable(PostgresUrl url, string what, Exception error)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(error);
        string reason = error is PostgresException server ? server.MessageText : (error.InnerException ?? error).Message;
        return new LibraryUnavailableException(
            $"{url.Display}: cannot open {what}: {reason.ReplaceLineEndings(" ")}; expected a reachable PostgreSQL server and database", error);
    }
}
