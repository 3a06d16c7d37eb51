namespace MusicEmotion.Library.Catalog;

/// <summary>A file as the catalog identifies it: a changed size or modification time means it must be read again,
/// and the content hash recognises it under a new name.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Size">Bytes.</param>
/// <param name="ModifiedUnixMs">Last write time, milliseconds since the Unix epoch (UTC).</param>
/// <param name="ContentHash">SHA-256 of the content, lower-case hex.</param>
public sealed record FileIdentity(string Path, long Size, long ModifiedUnixMs, string ContentHash);

/// <summary>Whether a track was analysed or could not be read.</summary>
public enum TrackStatus
{
    Indexed,
    Failed,
}

/// <summary>One row of the catalog: the file, what analysed it, and its summary (or why it could not be read).</summary>
public sealed record TrackRecord
{
    public required long Id { get; init; }

    public required FileIdentity File { get; init; }

    public required TrackStatus Status { get; init; }

    /// <summary>The one-line reason a failed file could not be read; null for an indexed track.</summary>
    public string? Error { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Name of the emotion model that made the readings.</summary>
    public required string Model { get; init; }

    public required string ModelSha256 { get; init; }

    /// <summary>Null for a failed track.</summary>
    public TrackSummary? Summary { get; init; }

    public string Path => File.Path;
}

/// <summary>What a scan worker commits for one file: the readings and their summary, or the reason it failed.</summary>
public sealed record AnalysedTrack
{
    public required FileIdentity File { get; init; }

    public required string Model { get; init; }

    public required string ModelSha256 { get; init; }

    public double DurationSeconds { get; init; }

    public IReadOnlyList<TrajectoryPoint> Trajectory { get; init; } = [];

    public TrackSummary? Summary { get; init; }

    public string? Error { get; init; }

    public TrackStatus Status => Summary is null ? TrackStatus.Failed : TrackStatus.Indexed;
}
