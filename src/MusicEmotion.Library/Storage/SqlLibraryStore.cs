using System.Data;
using System.Data.Common;
using System.Globalization;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;

namespace MusicEmotion.Library.Storage;

/// <summary>
/// The catalog over ADO.NET, one SQL text for SQLite and PostgreSQL (named parameters, ON CONFLICT, RETURNING)
/// with the differences in <see cref="SqlDialect"/>. Work is shared through the scan_jobs table: a worker claims a
/// row with a lease, renews it while it analyses, and commits the track and the row's removal together, only if
/// it still holds the lease; a worker that dies simply stops renewing, and its file goes to the next claimant.
/// </summary>
internal abstract class SqlLibraryStore : ILibraryStore
{
    private const string TrackColumns =
        "id, path, size, modified_ms, content_hash, status, error, duration, model, model_sha256, readings, " +
        "mean_arousal, mean_valence, spread_arousal, spread_valence, " +
        "share_active_positive, share_active_negative, share_passive_positive, share_passive_negative, " +
        "share_positive, share_neutral, share_negative, contour, coarse, ends";

    /// <summary>
    /// True for a queued file that the catalog already holds exactly as queued (another scan finished it after this
    /// one planned): such a job is never handed out and does not count as waiting.
    /// </summary>
    private const string AlreadyCatalogued =
        "EXISTS (SELECT 1 FROM tracks t WHERE t.path = j.path AND t.size = j.size AND t.modified_ms = j.modified_ms " +
        "AND t.content_hash = j.content_hash AND t.model_sha256 = j.model_sha256)";

    private readonly DbConnection _connection;

    protected DbConnection Connection => _connection;
    private readonly SqlDialect _sql;

    protected SqlLibraryStore(DbConnection connection, SqlDialect sql, string location)
    {
        _connection = connection;
        _sql = sql;
        Location = location;
    }

    public string Location { get; }

    /// <summary>Checks the database is ours (or empty, and then makes it ours).</summary>
    protected void PrepareSchema()
    {
        using DbTransaction transaction = _connection.BeginTransaction();
        if (_sql.SchemaLock is { } schemaLock)
        {
            Execute(schemaLock, transaction);
        }
        var tables = new List<string>();
        using (DbCommand list = Command(_sql.Tables, transaction))
        using (DbDataReader reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        if (tables.Count > 0 && !tables.Contains(LibrarySchema.MarkerTable))
        {
            throw NotOurs($"it has tables ({string.Join(", ", tables.Take(3))}) but no '{LibrarySchema.MarkerTable}' marker");
        }
        if (tables.Count == 0)
        {
            Execute(LibrarySchema.Create(_sql), transaction);
        }
        string? format = Scalar<string>($"SELECT value FROM {LibrarySchema.MarkerTable} WHERE key = 'format'", transaction);
        string? version = Scalar<string>($"SELECT value FROM {LibrarySchema.MarkerTable} WHERE key = 'version'", transaction);
        if (format != LibrarySchema.Format || version != LibrarySchema.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw NotOurs($"its marker says format '{format}' version '{version}'");
        }
        transaction.Commit();
    }

    protected InvalidDataException NotOurs(string why) => new(
        $"{Location}: not a MusicEmotion library ({why}); expected a {LibrarySchema.Format} version {LibrarySchema.Version} catalog made by 'musicemotion library scan'");

    public IReadOnlyList<CatalogFile> Files()
    {
        using DbCommand command = Command("SELECT path, size, modified_ms, content_hash, status, model_sha256 FROM tracks");
        using DbDataReader reader = command.ExecuteReader();
        var files = new List<CatalogFile>();
        while (reader.Read())
        {
            files.Add(new CatalogFile(ReadIdentity(reader, 0), ReadStatus(reader, 4, reader.GetString(0)), reader.GetString(5)));
        }
        return files;
    }

    public IReadOnlyList<TrackRecord> Tracks()
    {
        using DbCommand command = Command($"SELECT {TrackColumns} FROM tracks WHERE status = 'indexed' ORDER BY id");
        return ReadTracks(command);
    }

    public TrackRecord? FindTrack(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            using DbCommand byId = Command($"SELECT {TrackColumns} FROM tracks WHERE id = @id", ("id", id));
            if (ReadTracks(byId) is [var found])
            {
                return found;
            }
        }
        using DbCommand byPath = Command($"SELECT {TrackColumns} FROM tracks WHERE path = @path", ("path", Path.GetFullPath(key)));
        if (ReadTracks(byPath) is [var atPath])
        {
            return atPath;
        }
        // A bare file name is convenient at the prompt; it counts only when exactly one track has it.
        using DbCommand byName = Command(
            $"SELECT {TrackColumns} FROM tracks WHERE path LIKE @name ESCAPE '!' ORDER BY id LIMIT 2",
            ("name", "%/" + key.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal)));
        return ReadTracks(byName) is [var named] ? named : null;
    }

    public IReadOnlyList<TrajectoryPoint> Trajectory(long trackId)
    {
        using DbCommand command = Command("SELECT path, trajectory FROM tracks WHERE id = @id", ("id", trackId));
        using DbDataReader reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(1))
        {
            return [];
        }
        return BlobCodec.DecodeTrajectory(reader.GetFieldValue<byte[]>(1), RowName(trackId, reader.GetString(0), "trajectory"));
    }

    public void RenameTrack(string oldPath, FileIdentity file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Execute(
            "UPDATE tracks SET path = @path, size = @size, modified_ms = @modified WHERE path = @old",
            null, ("path", file.Path), ("size", file.Size), ("modified", file.ModifiedUnixMs), ("old", oldPath));
    }

    public void DeleteTrack(string path) => Execute("DELETE FROM tracks WHERE path = @path", null, ("path", path));

    public void Enqueue(IEnumerable<FileIdentity> files, string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(files);
        using DbTransaction transaction = _connection.BeginTransaction();
        foreach (FileIdentity file in files)
        {
            Execute(
                """
                INSERT INTO scan_jobs (path, size, modified_ms, content_hash, model_sha256)
                VALUES (@path, @size, @modified, @hash, @model)
                ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_ms = excluded.modified_ms,
                    content_hash = excluded.content_hash, model_sha256 = excluded.model_sha256
                """,
                transaction, ("path", file.Path), ("size", file.Size), ("modified", file.ModifiedUnixMs), ("hash", file.ContentHash),
                ("model", modelSha256));
        }
        transaction.Commit();
    }

    public ScanJob? Claim(string worker, TimeSpan lease)
    {
        // Skipping what is already catalogued means no file is analysed twice, however the scans interleave.
        using DbCommand command = Command(
            $"""
            UPDATE scan_jobs SET worker = @worker, lease_until = {_sql.Now} + @lease, attempts = attempts + 1
            WHERE path = (
                SELECT j.path FROM scan_jobs j
                WHERE (j.worker IS NULL OR j.lease_until < {_sql.Now})
                  AND NOT {AlreadyCatalogued}
                ORDER BY j.path LIMIT 1 {_sql.SkipLocked})
            RETURNING path, size, modified_ms, content_hash, model_sha256, attempts
            """,
            ("worker", worker), ("lease", lease.TotalSeconds));
        using (DbDataReader reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                return new ScanJob(ReadIdentity(reader, 0), reader.GetString(4), reader.GetInt32(5));
            }
        }
        // Nothing left to claim. A scan that enqueued a file just as another worker finished it re-created its job
        // row; the file is catalogued, so no one will claim it: clear such rows rather than leave them queued.
        Execute(
            $"DELETE FROM scan_jobs AS j WHERE (j.worker IS NULL OR j.lease_until < {_sql.Now}) AND {AlreadyCatalogued}", null);
        return null;
    }

    public bool Renew(ScanJob job, string worker, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Execute(
            $"UPDATE scan_jobs SET lease_until = {_sql.Now} + @lease WHERE path = @path AND worker = @worker",
            null, ("lease", lease.TotalSeconds), ("path", job.File.Path), ("worker", worker)) == 1;
    }

    public bool Complete(ScanJob job, string worker, AnalysedTrack track)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(track);
        using DbTransaction transaction = _connection.BeginTransaction();
        // Removing the row we hold is the proof we still hold it: if the lease ran out and another worker took the
        // file, nothing is deleted and nothing is written.
        int held = Execute(
            "DELETE FROM scan_jobs WHERE path = @path AND worker = @worker", transaction, ("path", job.File.Path), ("worker", worker));
        if (held != 1)
        {
            transaction.Rollback();
            return false;
        }
        WriteTrack(track, transaction);
        transaction.Commit();
        return true;
    }

    public void Release(ScanJob job, string worker)
    {
        ArgumentNullException.ThrowIfNull(job);
        Execute(
            "UPDATE scan_jobs SET worker = NULL, lease_until = NULL WHERE path = @path AND worker = @worker",
            null, ("path", job.File.Path), ("worker", worker));
    }

    public int PendingJobs() =>
        Convert.ToInt32(Scalar<object>($"SELECT COUNT(*) FROM scan_jobs j WHERE NOT {AlreadyCatalogued}", null), CultureInfo.InvariantCulture);

    public void RegisterWorker(WorkerIdentity worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        Execute(
            $"""
            INSERT INTO scan_workers (id, host, pid, last_seen) VALUES (@id, @host, @pid, {_sql.Now})
            ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, current_path = NULL, done = 0, failed = 0
            """,
            null, ("id", worker.Id), ("host", worker.Host), ("pid", worker.ProcessId));
    }

    public void Heartbeat(WorkerIdentity worker, string? currentPath, int done, int failed)
    {
        ArgumentNullException.ThrowIfNull(worker);
        Execute(
            $"UPDATE scan_workers SET last_seen = {_sql.Now}, current_path = @path, done = @done, failed = @failed WHERE id = @id",
            null, ("path", currentPath), ("done", done), ("failed", failed), ("id", worker.Id));
    }

    public IReadOnlyList<WorkerStatus> Workers()
    {
        using DbCommand command = Command(
            $"SELECT id, host, pid, {_sql.Now} - last_seen, current_path, done, failed FROM scan_workers ORDER BY id");
        using DbDataReader reader = command.ExecuteReader();
        var workers = new List<WorkerStatus>();
        while (reader.Read())
        {
            workers.Add(new WorkerStatus(
                new WorkerIdentity(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)),
                reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6)));
        }
        return workers;
    }

    public void Dispose()
    {
        _connection.Dispose();
        GC.SuppressFinalize(this);
    }

    private void WriteTrack(AnalysedTrack track, DbTransaction transaction)
    {
        TrackSummary? s = track.Summary;
        Execute(
            $"""
            INSERT INTO tracks (path, size, modified_ms, content_hash, status, error, duration, model, model_sha256, readings,
                mean_arousal, mean_valence, spread_arousal, spread_valence,
                share_active_positive, share_active_negative, share_passive_positive, share_passive_negative,
                share_positive, share_neutral, share_negative, contour, coarse, ends, trajectory, indexed_at)
            VALUES (@path, @size, @modified, @hash, @status, @error, @duration, @model, @sha, @readings,
                @ma, @mv, @sa, @sv, @qap, @qan, @qpp, @qpn, @pos, @neu, @neg, @contour, @coarse, @ends, @trajectory, {_sql.Now})
            ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_ms = excluded.modified_ms,
                content_hash = excluded.content_hash, status = excluded.status, error = excluded.error,
                duration = excluded.duration, model = excluded.model, model_sha256 = excluded.model_sha256,
                readings = excluded.readings, mean_arousal = excluded.mean_arousal, mean_valence = excluded.mean_valence,
                spread_arousal = excluded.spread_arousal, spread_valence = excluded.spread_valence,
                share_active_positive = excluded.share_active_positive, share_active_negative = excluded.share_active_negative,
                share_passive_positive = excluded.share_passive_positive, share_passive_negative = excluded.share_passive_negative,
                share_positive = excluded.share_positive, share_neutral = excluded.share_neutral,
                share_negative = excluded.share_negative, contour = excluded.contour, coarse = excluded.coarse,
                ends = excluded.ends, trajectory = excluded.trajectory, indexed_at = excluded.indexed_at,
                analyses = tracks.analyses + 1
            """,
            transaction,
            ("path", track.File.Path), ("size", track.File.Size), ("modified", track.File.ModifiedUnixMs), ("hash", track.File.ContentHash),
            ("status", track.Status == TrackStatus.Indexed ? "indexed" : "failed"), ("error", track.Error),
            ("duration", track.DurationSeconds), ("model", track.Model), ("sha", track.ModelSha256), ("readings", s?.Readings ?? 0),
            ("ma", s?.Mean.Arousal), ("mv", s?.Mean.Valence), ("sa", s?.Spread.Arousal), ("sv", s?.Spread.Valence),
            ("qap", Share(s, Quadrant.ActivePositive)), ("qan", Share(s, Quadrant.ActiveNegative)),
            ("qpp", Share(s, Quadrant.PassivePositive)), ("qpn", Share(s, Quadrant.PassiveNegative)),
            ("pos", s?.PositiveShare), ("neu", s?.NeutralShare), ("neg", s?.NegativeShare),
            ("contour", s is null ? null : BlobCodec.EncodePoints(s.Contour.Points)),
            ("coarse", s is null ? null : BlobCodec.EncodePoints(s.Coarse.Points)),
            ("ends", s is null ? null : BlobCodec.EncodeEnds(s.Ends)),
            ("trajectory", BlobCodec.EncodeTrajectory(track.Trajectory)));
    }

    private static float? Share(TrackSummary? summary, Quadrant quadrant) => summary?.QuadrantShares[(int)quadrant];

    private static List<TrackRecord> ReadTracks(DbCommand command)
    {
        using DbDataReader reader = command.ExecuteReader();
        var tracks = new List<TrackRecord>();
        while (reader.Read())
        {
            tracks.Add(ReadTrack(reader));
        }
        return tracks;
    }

    /// <summary>One row of <see cref="TrackColumns"/>; a row that does not decode names itself in the error.</summary>
    private static TrackRecord ReadTrack(DbDataReader reader)
    {
        long id = reader.GetInt64(0);
        string path = reader.GetString(1);
        TrackStatus status = ReadStatus(reader, 5, path);
        TrackSummary? summary = null;
        if (status == TrackStatus.Indexed)
        {
            if (reader.IsDBNull(11) || reader.IsDBNull(22) || reader.IsDBNull(23) || reader.IsDBNull(24))
            {
                throw new InvalidDataException($"{RowName(id, path, "summary")} is corrupt: an indexed track without its summary");
            }
            summary = new TrackSummary
            {
                Readings = reader.GetInt32(10),
                Mean = new AffectPoint(Real(reader, 11, id, path), Real(reader, 12, id, path)),
                Spread = new AffectPoint(Real(reader, 13, id, path), Real(reader, 14, id, path)),
                QuadrantShares = [Real(reader, 15, id, path), Real(reader, 16, id, path), Real(reader, 17, id, path), Real(reader, 18, id, path)],
                PositiveShare = Real(reader, 19, id, path),
                NeutralShare = Real(reader, 20, id, path),
                NegativeShare = Real(reader, 21, id, path),
                Contour = new Contour(BlobCodec.DecodePoints(reader.GetFieldValue<byte[]>(22), RowName(id, path, "contour"), Contour.Length)),
                Coarse = new CoarseTrajectory(BlobCodec.DecodePoints(reader.GetFieldValue<byte[]>(23), RowName(id, path, "coarse trajectory"))),
                Ends = BlobCodec.DecodeEnds(reader.GetFieldValue<byte[]>(24), RowName(id, path, "ends")),
            };
        }
        return new TrackRecord
        {
            Id = id,
            File = ReadIdentity(reader, 1),
            Status = status,
            Error = reader.IsDBNull(6) ? null : reader.GetString(6),
            DurationSeconds = reader.GetDouble(7),
            Model = reader.GetString(8),
            ModelSha256 = reader.GetString(9),
            Summary = summary,
        };
    }

    private static float Real(DbDataReader reader, int column, long id, string path)
    {
        double value = reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);
        return double.IsFinite(value)
            ? (float)value
            : throw new InvalidDataException($"{RowName(id, path, reader.GetName(column))} is corrupt: {(reader.IsDBNull(column) ? "empty" : value)}, expected a number");
    }

    private static FileIdentity ReadIdentity(DbDataReader reader, int first) =>
        new(reader.GetString(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetString(first + 3));

    private static TrackStatus ReadStatus(DbDataReader reader, int column, string path) => reader.GetString(column) switch
    {
        "indexed" => TrackStatus.Indexed,
        "failed" => TrackStatus.Failed,
        var other => throw new InvalidDataException($"track {path}: status '{other}' is corrupt, expected 'indexed' or 'failed'"),
    };

    private static string RowName(long id, string path, string column) => $"track {id} ({path}): its {column}";

    private T? Scalar<T>(string sql, DbTransaction? transaction)
    {
        using DbCommand command = Command(sql);
        command.Transaction = transaction;
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)value;
    }

    private int Execute(string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using DbCommand command = Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, DbTransaction transaction)
    {
        DbCommand command = Command(sql);
        command.Transaction = transaction;
        return command;
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        DbCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                // An untyped NULL is fine in SQLite; PostgreSQL wants to know what it is not.
                parameter.DbType = name is "contour" or "coarse" or "ends" or "trajectory" ? DbType.Binary
                    : name is "path" or "error" ? DbType.String : DbType.Double;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
