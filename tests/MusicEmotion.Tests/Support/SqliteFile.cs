using Microsoft.Data.Sqlite;

namespace MusicEmotion.Tests.Support;

/// <summary>Raw SQL on an SQLite file, for tests that damage or prepare a database behind a store's back.</summary>
internal static class SqliteFile
{
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
