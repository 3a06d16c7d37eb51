namespace MusicEmotion.Library.Storage;

/// <summary>
/// Where the catalog lives, as <c>--library</c> names it: a PostgreSQL URL, an SQLite file, or (nothing given) the
/// SQLite file in the user's data folder.
/// </summary>
public sealed record LibraryLocation(string Value)
{
    /// <summary>~/.local/share/musicemotion/library.db on Linux, %LOCALAPPDATA%\musicemotion\library.db on Windows.</summary>
    public static string DefaultFile => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "musicemotion", "library.db");

    public static LibraryLocation From(string? option) => new(string.IsNullOrWhiteSpace(option) ? DefaultFile : option);

    public bool IsShared => PostgresUrl.IsUrl(Value);

    /// <summary>The location for messages and /health: a PostgreSQL URL without its password.</summary>
    public string Display => IsShared ? PostgresUrl.Parse(Value).Display : Value;

    internal SqlDialect Dialect => IsShared ? SqlDialect.Postgres : SqlDialect.Sqlite;

    /// <summary>
    /// Opens the catalog; <paramref name="create"/> makes an SQLite file that does not exist yet (scan does, search
    /// and show do not: a mistyped path should be an error, not an empty library).
    /// </summary>
    public ILibraryStore Open(bool create) =>
        IsShared ? PostgresLibraryStore.Open(PostgresUrl.Parse(Value)) : SqliteLibraryStore.Open(Value, create);
}
