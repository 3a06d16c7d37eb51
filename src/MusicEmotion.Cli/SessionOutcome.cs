using MusicEmotion.Audio;
using MusicEmotion.Pipeline;

namespace MusicEmotion.Cli;

/// <summary>
/// What a finished session tells the user, and the exit code it earns; the same for every command that runs one.
/// A failed output earns 1 after the other outputs got every reading; an input error earns its cause's code, except
/// that a device lost mid-session is the machine's failure (1), not bad input.
/// </summary>
internal static class SessionOutcome
{
    public static int Report(SessionSummary summary, string source, SourceKind kind, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Counters.RepairedSamples > 0)
        {
            Console.Error.WriteLine($"musicemotion: {source}: {summary.Counters.RepairedSamples} NaN/infinite samples were replaced with silence");
        }
        int exit = ReportFailedSinks(summary.FailedSinks);
        if (summary.Error is { } error)
        {
            long readings = summary.Counters.Readings;
            string kept = readings > 0 ? $"; the session ended early; the {readings} readings made before were delivered" : "";
            Console.Error.WriteLine($"musicemotion: {CliErrors.OneLine(error)}{kept}");
            if (verbose)
            {
                Console.Error.WriteLine(error);
            }
            exit = Math.Max(exit, kind == SourceKind.Capture ? ExitCodes.Failure : CliErrors.ExitCodeOf(error));
        }
        return exit;
    }

    /// <summary>One line per output that failed; exit code 1 if any did, else 0.</summary>
    public static int ReportFailedSinks(IEnumerable<(string Sink, Exception Failure)> failed)
    {
        int exit = ExitCodes.Ok;
        foreach (var (sink, failure) in failed)
        {
            Console.Error.WriteLine($"musicemotion: output '{sink}' failed: {CliErrors.OneLine(failure)}");
            exit = ExitCodes.Failure;
        }
        return exit;
    }
}
