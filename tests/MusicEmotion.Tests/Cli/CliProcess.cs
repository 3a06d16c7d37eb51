using System.Diagnostics;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Cli;

/// <summary>
/// The built musicemotion command run as a user runs it: its own process, arguments, exit code, stdout and stderr.
/// It is the program the test project references, built with the tests.
/// </summary>
internal static class CliProcess
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>musicemotion.dll beside the test binaries (a referenced executable is copied there with its runtime config).</summary>
    public static string Program { get; } = Path.Combine(AppContext.BaseDirectory, "musicemotion.dll");

    /// <summary>
    /// The command line that starts it: through env(1), which first restores SIGINT's default disposition. A shell
    /// starts a background job (nohup, a trailing ampersand) with SIGINT ignored, children inherit that, and the .NET
    /// runtime rightly leaves an ignored SIGINT ignored, so without this the Ctrl+C tests would only pass in the
    /// foreground.
    /// </summary>
    public static string[] CommandLine(IEnumerable<string> arguments) =>
        ["--default-signal=INT", Dotnet, Program, .. arguments];

    /// <summary>The dotnet host running these tests (the test runner names it), or the one on PATH.</summary>
    public static string Dotnet { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The program <see cref="CommandLine"/> runs under.</summary>
    public const string Launcher = "env";

    /// <summary>The options every test passes: the reference random-weight model, the linear-trend forecaster.</summary>
    public static string[] Models(ReferenceModels models) => ["--model", models.ModelPath, "--forecaster", "linear", "--engine", "managed"];

    public static CliResult Run(params string[] arguments) => Run(null, arguments);

    /// <summary>Runs it with <paramref name="environment"/> added to (or, with an empty value, cleared from) its environment.</summary>
    public static CliResult Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Finish(Start(environment, arguments), arguments);

    /// <summary>
    /// Runs it under <paramref name="wrapper"/>: a program with its options that runs the rest of the command line,
    /// as setpriv does to take a privilege away.
    /// </summary>
    public static CliResult RunUnder(string[] wrapper, params string[] arguments) =>
        Finish(Launch(wrapper[0], [.. wrapper[1..], Launcher, .. CommandLine(arguments)], null), arguments);

    private static CliResult Finish(Process started, string[] arguments)
    {
        using Process process = started;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"musicemotion {string.Join(' ', arguments)} did not finish within {Patience.TotalMinutes} minutes");
        }
        return new CliResult(process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>Starts the command and leaves it running (for serve); the caller reads its output and stops it.</summary>
    public static Process Start(params string[] arguments) => Start(null, arguments);

    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Launch(Launcher, CommandLine(arguments), environment);

    private static Process Launch(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: build the test project, which builds the command");
        return ExternalProgram.Start(program, arguments, environment);
    }
}

/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to stdout.</param>
/// <param name="Stderr">Everything written to stderr.</param>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
