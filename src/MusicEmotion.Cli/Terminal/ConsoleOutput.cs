using Spectre.Console;

namespace MusicEmotion.Cli.Terminal;

/// <summary>
/// Spectre consoles for stdout and stderr that colour only a real terminal: output piped into a file or
/// another program stays plain text.
/// </summary>
internal static class ConsoleOutput
{
    public static IAnsiConsole Stdout() => Create(Console.Out, Console.IsOutputRedirected);

    public static IAnsiConsole Stderr() => Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>A console that writes into <paramref name="buffer"/> what <see cref="Stdout"/> would write, at its
    /// width: output made on another thread, printed later in order.</summary>
    public static IAnsiConsole StdoutInto(TextWriter buffer)
    {
        Profile stdout = Stdout().Profile;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = stdout.Capabilities.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = (ColorSystemSupport)stdout.Capabilities.ColorSystem,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = stdout.Width;
        return console;
    }

    /// <summary>Width for output that goes to a file or a pipe, where there is no terminal to ask.</summary>
    private const int RedirectedWidth = 110;

    /// <summary>A console writing into <paramref name="writer"/>, coloured only when <paramref name="redirected"/> is false.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }
        return console;
    }
}
