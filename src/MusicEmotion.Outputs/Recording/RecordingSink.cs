using System.Buffers;
using MessagePack;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Outputs.Recording;

/// <summary>
/// Records a session as MessagePack (<see cref="RecordingFormat"/>): a header when each session starts, then one
/// map per reading, each handed to the operating system as soon as it is encoded, so a crash of the program
/// loses at most the reading being written and the file reads back up to the last complete one. Several
/// sessions (analyze of several files) follow one another in the same file. Writing a reading allocates nothing.
/// </summary>
public sealed class RecordingSink : IReadingSink, IDisposable
{
    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly Action<string>? _report;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private long _readings;

    /// <param name="output">Where the recording goes; written and flushed after each value.</param>
    /// <param name="name">The file's name, for the end-of-session report.</param>
    /// <param name="ownsOutput">Dispose <paramref name="output"/> with the sink.</param>
    /// <param name="report">Gets one line at the end of each session: how many readings went where.</param>
    public RecordingSink(Stream output, string name, bool ownsOutput = false, Action<string>? report = null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        FileName = name ?? throw new ArgumentNullException(nameof(name));
        _ownsOutput = ownsOutput;
        _report = report;
    }

    public string Name => "record " + FileName;

    public string FileName { get; }

    /// <summary>
    /// Creates a new recording file; an existing file is never overwritten (a recorded set is not to be lost by
    /// running the same command twice).
    /// </summary>
    /// <exception cref="IOException">The file exists or cannot be created; the message names it and says why.</exception>
    public static RecordingSink Create(string path, Action<string>? report = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file;
        try
        {
            // No buffer in the stream: every Write goes straight to the operating system.
            file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new IOException($"{path}: already exists; recordings are never overwritten, choose another name");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot create the recording: {error.Message}", error);
        }
        return new RecordingSink(file, path, ownsOutput: true, report);
    }

    public void Start(SessionInfo session)
    {
        _readings = 0;
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        RecordingFormat.WriteHeader(ref writer, session);
        writer.Flush();
        Flush();
    }

    public void Write(in EmotionReading reading)
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        RecordingFormat.WriteReading(ref writer, reading);
        writer.Flush();
        Flush();
        _readings++;
    }

    public void Complete(SessionSummary summary) => _report?.Invoke($"{Name}: {_readings} readings recorded");

    public void Dispose()
    {
        if (_ownsOutput)
        {
            _output.Dispose();
        }
    }

    private void Flush()
    {
        _output.Write(_buffer.WrittenSpan);
        _output.Flush();
    }
}
