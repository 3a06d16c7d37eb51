using MusicEmotion.Inference;
using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// Reads a session recording (<see cref="RecordingFormat"/>) for replay and export. Whatever the file holds, it
/// returns rather than throws: every session and reading it could read, and, if it stopped early, one line
/// saying where and why. A file cut short (a crash while recording) gives every reading before the cut; a
/// corrupt one gives every reading before the damage. Allocation is bounded by tight codec limits, sized for
/// recordings, so a corrupt length or count costs nothing.
/// </summary>
public static class RecordingReader
{
    /// <summary>Far beyond any session (a reading takes about 250 bytes: 512 MiB is some 300 hours at 2 Hz).</summary>
    public const long MaxFileBytes = 512L << 20;

    /// <summary>Recordings hold short strings, small arrays and shallow maps; these limits leave room to grow.</summary>
    public static MessagePackLimits Limits { get; } = new()
    {
        MaxStringBytes = 64 << 10,
        MaxBinaryBytes = 64 << 10,
        MaxArrayLength = 4096,
        MaxMapLength = 1024,
        MaxDepth = 16,
    };

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxFileBytes"/>.</exception>
    public static Recording Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a directory, expected a recording" : $"{path}: no such recording");
        }
        // Shared for writing: a recording still being made (live --record) can be replayed up to now.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{path}: is {file.Length >> 20} MiB; recordings over {MaxFileBytes >> 20} MiB are not read");
        }
        byte[] data = new byte[file.Length];
        int read = file.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        return Read(data.AsMemory(0, read), path);
    }

    /// <summary>Reads a recording held in memory; <paramref name="name"/> names it in the problem line.</summary>
    public static Recording Read(ReadOnlyMemory<byte> data, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (data.IsEmpty)
        {
            return new Recording(name, [], $"{name}: is empty; expected a MusicEmotion recording", IsTruncated: false);
        }
        var sessions = new List<RecordedSession>();
        List<EmotionReading>? readings = null;
        int total = 0;
        var reader = new MessagePackReader(data, Limits);
        long offset = 0;
        try
        {
            while (!reader.End)
            {
                offset = reader.Consumed;
                MessagePackValue value = MessagePackValue.Read(ref reader);
                if (RecordingMaps.IsHeader(value))
                {
                    readings = [];
                    sessions.Add(new RecordedSession(RecordingMaps.ReadHeader(value), readings));
                }
                else if (readings is null)
                {
                    throw new RecordingFormatException(
                        "not a MusicEmotion recording: it does not start with a header map (format 'musicemotion-recording')");
                }
                else
                {
                    readings.Add(RecordingMaps.ReadReading(value, $"reading #{readings.Count + 1}"));
                    total++;
                }
            }
            return new Recording(name, sessions, Problem: null, IsTruncated: false);
        }
        catch (MessagePackFormatException error) when (error.IsTruncated)
        {
            string problem = sessions.Count == 0
                ? $"{name}: ends at byte {data.Length} inside its header; no readings"
                : $"{name}: ends at byte {data.Length} inside the value that starts at byte {offset} (cut short, as by a crash); "
                    + $"the {total} readings before it are complete";
            return new Recording(name, sessions, problem, IsTruncated: true);
        }
        catch (Exception error) when (error is MessagePackFormatException or RecordingFormatException)
        {
            string where = error is MessagePackFormatException ? "" : $" at byte {offset}";
            string problem = $"{name}{where}: {error.Message}" + (total > 0 ? $"; the {total} readings before it are intact" : "");
            return new Recording(name, sessions, problem, IsTruncated: false);
        }
    }
}
