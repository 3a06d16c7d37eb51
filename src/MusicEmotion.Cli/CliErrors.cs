using MusicEmotion.Audio;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Outputs.Files;
using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Cli;

/// <summary>
/// Turns an exception into what a user should see: one line on stderr (the stack trace only with --verbose)
/// and the exit code that says whose problem it is.
/// </summary>
public static class CliErrors
{
    public static int Report(Exception error, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(error);
        Console.Error.WriteLine($"musicemotion: {OneLine(error)}");
        if (verbose)
        {
            Console.Error.WriteLine(error);
        }
        return ExitCodeOf(error);
    }

    /// <summary>
    /// The exit code by cause, not by where the exception was thrown: 2 when the command line asked for something it
    /// cannot have, 3 when an input (audio, model, recording, report) is missing, unreadable or unsupported, and 1 for
    /// everything else: the environment (a missing library or provider, a refused real-time priority, no display),
    /// an output that failed, and any internal error, which is never the user's fault.
    /// </summary>
    public static int ExitCodeOf(Exception error) => error switch
    {
        UsageException or OutputRefusedException => ExitCodes.Usage,
        AudioInputException or OnnxModelException or InvalidDataException or MessagePackFormatException
            or FileNotFoundException or DirectoryNotFoundException or FeedbackRefusedException => ExitCodes.BadInput,
        _ => ExitCodes.Failure,
    };

    /// <summary>The message on one line: inner details joined, line breaks folded.</summary>
    public static string OneLine(Exception error) =>
        (error.Message ?? error.GetType().Name).ReplaceLineEndings(" ").Trim();
}
