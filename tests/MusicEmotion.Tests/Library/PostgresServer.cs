using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Support;
using Npgsql;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// A throwaway database on a real PostgreSQL server (tools/setup.d/70-postgres.sh starts one in CI), dropped on
/// dispose. The server is $MUSICEMOTION_TEST_POSTGRES, by default the role the set-up creates on localhost.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private const string DefaultServer = "postgresql://musicemotion:musicemotion@127.0.0.1:5432/postgres";

    private readonly string _admin;
    private readonly string _database = "musicemotion_test_" + Guid.NewGuid().ToString("N");

    private PostgresServer(string server)
    {
        _admin = PostgresUrl.Parse(server).ConnectionString;
        Execute($"CREATE DATABASE {_database}");
        Url = server[..(server.LastIndexOf('/') + 1)] + _database;
    }

    /// <summary>postgresql://... of the fresh, empty database.</summary>
    public string Url { get; }

    /// <summary>A fresh database, or a skip (a failure in CI) when no server answers.</summary>
    public static PostgresServer Create()
    {
        string server = Environment.GetEnvironmentVariable("MUSICEMOTION_TEST_POSTGRES") is { Length: > 0 } set ? set : DefaultServer;
        Requires.That(Reachable(server), $"a PostgreSQL server at {PostgresUrl.Parse(server).Display} (tools/setup.d/70-postgres.sh starts one)");
        return new PostgresServer(server);
    }

    /// <summary>Runs SQL in the test database, as the tests' way to damage or inspect it behind the store's back.</summary>
    public void ExecuteInTestDatabase(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresUrl.Parse(Url).ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose() => Execute($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");

    private static bool Reachable(string server)
    {
        try
        {
            using var connection = new NpgsqlConnection(PostgresUrl.Parse(server).ConnectionString);
            connection.Open();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
