using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio;

/// <summary>The real sox program, the independent peer that encodes test files and resamples for comparison.</summary>
internal static class Sox
{
    public static bool IsInstalled { get; } = ExternalProgram.Works("sox", "--version");

    public static void Run(params string[] arguments) => ExternalProgram.Run("sox", arguments);
}
