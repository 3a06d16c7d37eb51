using MusicEmotion.Audio;
using MusicEmotion.Inference.Onnx;
using MusicEmotion.Native;

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

    public static int ExitCodeOf(Exception error) => error switch
    {
        UsageException or ArgumentException => ExitCodes.Usage,
        AudioInputException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or OnnxModelException
            or UnauthorizedAccessException or NativeLibraryMissingException => ExitCodes.BadInput,
        _ => ExitCodes.Failure,
    };

    /// <summary>The message on one line: inner details joined, line breaks folded.</summary>
    public static string OneLine(Exception error) =>
        (error.Message ?? error.GetType().Name).ReplaceLineEndings(" ").Trim();
}
