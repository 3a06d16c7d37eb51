namespace MusicEmotion.Audio;

/// <summary>Where a session's audio comes from; recordings and the API write it by <see cref="SourceKinds.Name"/>.</summary>
public enum SourceKind
{
    /// <summary>A file, read as fast as the pipeline goes or played at real pace.</summary>
    File,

    /// <summary>A capture device: a sound card, or the monitor of what the machine plays.</summary>
    Capture,

    /// <summary>Audio uploaded to the API (POST /analyze).</summary>
    Upload,
}

/// <summary>The names of <see cref="SourceKind"/> on the wire (recordings, JSON).</summary>
public static class SourceKinds
{
    public static string Name(SourceKind kind) => kind switch
    {
        SourceKind.File => "file",
        SourceKind.Capture => "capture",
        SourceKind.Upload => "upload",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a source kind"),
    };

    /// <summary>The kind a recording names; null for a name this version does not know.</summary>
    public static SourceKind? Parse(string name) => name switch
    {
        "file" => SourceKind.File,
        "capture" => SourceKind.Capture,
        "upload" => SourceKind.Upload,
        _ => null,
    };
}
