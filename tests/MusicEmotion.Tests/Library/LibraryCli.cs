using System.Diagnostics;
using MusicEmotion.Tests.Cli;

namespace MusicEmotion.Tests.Library;

/// <summary>The library command as a user runs it, with the shipped model on the managed engine (no native library needed).</summary>
internal static class LibraryCli
{
    private static readonly string[] Models = ["--engine", "managed", "--forecaster", "linear", "--no-progress"];

    public static CliResult Scan(string library, params string[] arguments) =>
        CliProcess.Run(["library", "scan", .. arguments, "--library", library, .. Models]);

    public static Process StartScan(string library, params string[] arguments) =>
        CliProcess.Start(["library", "scan", .. arguments, "--library", library, .. Models]);

    public static CliResult Rescan(string library, params string[] arguments) =>
        CliProcess.Run(["library", "rescan", .. arguments, "--library", library, "--engine", "managed", "--forecaster", "linear", "--no-progress"]);

    /// <summary>Any other library subcommand (search, show, next, workers).</summary>
    public static CliResult Run(string library, params string[] arguments) =>
        CliProcess.Run(["library", .. arguments, "--library", library]);
}
