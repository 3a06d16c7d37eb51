namespace MusicEmotion.Library.Storage;

/// <summary>
/// The catalog's tables. The marker table names the format and its version: a database without it (but with other
/// tables) is not ours and is refused rather than written into.
/// </summary>
internal static class LibrarySchema
{
    public const string MarkerTable = "musicemotion_library";

    public const string Format = "musicemotion-library";

    public const int Version = 1;

    public static string Create(SqlDialect sql) => $"""
        CREATE TABLE IF NOT EXISTS {MarkerTable} (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS tracks (
            id {sql.Identity},
            path TEXT NOT NULL UNIQUE,
            size BIGINT NOT NULL,
            modified_ms BIGINT NOT NULL,
            content_hash TEXT NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            duration {sql.Real} NOT NULL,
            model TEXT NOT NULL,
            model_sha256 TEXT NOT NULL,
            readings INTEGER NOT NULL,
            analyses INTEGER NOT NULL DEFAULT 1,
            mean_arousal {sql.Real}, mean_valence {sql.Real},
            spread_arousal {sql.Real}, spread_valence {sql.Real},
            share_active_positive {sql.Real}, share_active_negative {sql.Real},
            share_passive_positive {sql.Real}, share_passive_negative {sql.Real},
            share_positive {sql.Real}, share_neutral {sql.Real}, share_negative {sql.Real},
            contour {sql.Blob}, coarse {sql.Blob}, ends {sql.Blob}, trajectory {sql.Blob},
            indexed_at {sql.Real} NOT NULL);
        CREATE INDEX IF NOT EXISTS tracks_by_hash ON tracks (content_hash);
        CREATE TABLE IF NOT EXISTS scan_jobs (
            path TEXT PRIMARY KEY,
            size BIGINT NOT NULL,
            modified_ms BIGINT NOT NULL,
            content_hash TEXT NOT NULL,
            model_sha256 TEXT NOT NULL,
            worker TEXT,
            lease_until {sql.Real},
            attempts INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS scan_workers (
            id TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            last_seen {sql.Real} NOT NULL,
            current_path TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0);
        INSERT INTO {MarkerTable} (key, value) VALUES ('format', '{Format}') ON CONFLICT (key) DO NOTHING;
        INSERT INTO {MarkerTable} (key, value) VALUES ('version', '{Version}') ON CONFLICT (key) DO NOTHING;
        """;
}
