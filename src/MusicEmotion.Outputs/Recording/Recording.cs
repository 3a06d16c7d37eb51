using MusicEmotion.Inference;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// What <see cref="RecordingReader"/> got out of a file: every session it could read in full or in part, and,
/// when it stopped before the end, why.
/// </summary>
/// <param name="Name">The file, for messages.</param>
/// <param name="Sessions">Sessions in file order, each with the readings read from it.</param>
/// <param name="Problem">One line naming the file and what stopped the reading; null when all of it was read.</param>
/// <param name="IsTruncated">The problem is only that the file ends inside a value, as after a crash.</param>
public sealed record Recording(string Name, IReadOnlyList<RecordedSession> Sessions, string? Problem, bool IsTruncated)
{
    public int ReadingCount => Sessions.Sum(s => s.Readings.Count);
}

/// <summary>One session: its header and its readings, in order.</summary>
public sealed record RecordedSession(RecordingHeader Header, IReadOnlyList<EmotionReading> Readings);

/// <param name="Version">Format version the file was written in.</param>
/// <param name="AppVersion">The program that wrote it, as it named itself.</param>
/// <param name="Session">The session as it was recorded: source, engine, model, forecaster, start time.</param>
public sealed record RecordingHeader(int Version, string AppVersion, SessionInfo Session);
