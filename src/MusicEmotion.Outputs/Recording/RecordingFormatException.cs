namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// A recording that is valid MessagePack but not a valid recording: a value of the wrong type under a known key,
/// a missing field, a newer format version. <see cref="RecordingReader"/> turns it into a one-line problem.
/// </summary>
internal sealed class RecordingFormatException(string problem) : Exception(problem);
