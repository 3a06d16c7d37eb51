namespace MusicEmotion.Audio;

/// <summary>
/// Input that cannot be read or is not what we expect: a bad file, a missing library, a device that failed.
/// The message is one line that names the file or device and says what was expected; the CLI prints it as is.
/// </summary>
public sealed class AudioInputException : Exception
{
    public AudioInputException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        Source = source;
        Problem = problem;
    }

    public AudioInputException()
    {
        Source = "";
        Problem = "";
    }

    public AudioInputException(string message) : base(message)
    {
        Source = "";
        Problem = message;
    }

    public AudioInputException(string message, Exception inner) : base(message, inner)
    {
        Source = "";
        Problem = message;
    }

    /// <summary>The file path or device name the problem is about.</summary>
    public new string Source { get; }

    /// <summary>What is wrong, without the source.</summary>
    public string Problem { get; }
}
