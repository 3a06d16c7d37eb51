using System.Collections.Concurrent;

namespace MusicEmotion.Tests.Support;

/// <summary>
/// Debian's Python (/usr/bin/python3, with python3-torch 1.13, numpy, scipy, onnx, msgpack), the independent
/// implementation many tests check against. The python3 first on PATH is another interpreter without them.
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, bool> Importable = new();

    /// <summary>Skips (fails in CI) unless the interpreter imports every one of <paramref name="modules"/>.</summary>
    public static void Require(params string[] modules)
    {
        string imports = string.Join(", ", modules);
        bool present = Importable.GetOrAdd(imports, list => File.Exists(Interpreter) && ExternalProgram.Works(Interpreter, "-c", $"import {list}"));
        Requires.That(present, $"{Interpreter} with {imports} (Debian python3-torch, python3-onnx, python3-scipy, python3-msgpack)");
    }

    /// <summary>Runs tests/MusicEmotion.Tests/<paramref name="relativeScript"/> and returns its standard output.</summary>
    public static string RunTestScript(string relativeScript, params string[] arguments) =>
        ExternalProgram.Run(Interpreter, [Path.Combine(ReferencePaths.RepositoryRoot, "tests", "MusicEmotion.Tests", relativeScript), .. arguments]);

    /// <summary>Runs a short program given as text.</summary>
    public static string RunCode(string code, params string[] arguments) => ExternalProgram.Run(Interpreter, ["-c", code, .. arguments]);
}
