using Npgsql;

namespace MusicEmotion.Library.Storage;

/// <summary>
/// A <c>postgresql://user:password@host:port/database</c> URL (the libpq form users know) as an Npgsql connection
/// string, which does not take URLs, and as a display form without the password for messages.
/// </summary>
public sealed record PostgresUrl(string ConnectionString, string Display)
{
    public static bool IsUrl(string location) =>
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="url"/>; a malformed one is an <see cref="ArgumentException"/> naming it.</summary>
    public static PostgresUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Host.Length == 0 || uri.AbsolutePath.Length <= 1)
        {
            throw new ArgumentException($"--library {Redacted(url)}: expected postgresql://user:password@host[:port]/database");
        }
        string[] credentials = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Timeout = 5,
            // Each scan worker holds one connection for its whole run; a pool would only keep closed ones around.
            Pooling = false,
        };
        if (credentials[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(credentials[0]);
        }
        if (credentials.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(credentials[1]);
        }
        string display = $"postgresql://{(credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) + "@" : "")}{builder.Host}:{builder.Port}/{builder.Database}";
        return new PostgresUrl(builder.ConnectionString, display);
    }

    private static string Redacted(string url) =>
        url.Contains('@', StringComparison.Ordinal) ? url[..(url.IndexOf("://", StringComparison.Ordinal) + 3)] + "…@" + url[(url.LastIndexOf('@') + 1)..] : url;
}
