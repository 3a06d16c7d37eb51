namespace MusicEmotion.Tests.Audio;

/// <summary>Debian's Python (/usr/bin/python3, which has numpy and scipy), an independent peer for decoding.</summary>
internal static class PythonScript
{
    private const string Interpreter = "/usr/bin/python3";

    public static bool HasScipy { get; } = ExternalProgram.Works(Interpreter, "-c \"import numpy, scipy.io.wavfile\"");

    public static void Run(string script, params string[] arguments) => ExternalProgram.Run(Interpreter, ["-c", script, .. arguments]);
}
