namespace MusicEmotion.Cli;

/// <summary>The process exit codes every command uses; scripts and tests rely on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed that is not the user's input: a device lost mid-session, a sink that failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown option, missing argument, invalid value.</summary>
    public const int Usage = 2;

    /// <summary>An input could not be read or is not supported; the message names it and says why.</summary>
    public const int BadInput = 3;
}
