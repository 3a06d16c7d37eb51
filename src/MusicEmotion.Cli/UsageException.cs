namespace MusicEmotion.Cli;

/// <summary>An option value that parses but makes no sense (an unknown engine name, a negative count): exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception inner) : base(message, inner)
    {
    }
}
