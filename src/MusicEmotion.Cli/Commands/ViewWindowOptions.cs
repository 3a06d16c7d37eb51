using System.CommandLine;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Cli.Commands;

/// <summary>How the OpenGL view looks and where it opens: the options live --view, view and render share.</summary>
internal sealed class ViewWindowOptions
{
    public Option<bool> Fullscreen { get; } = new("--fullscreen") { Description = "Open the view full screen (F11 toggles)" };

    public Option<int> Monitor { get; } = new("--monitor") { Description = "Monitor for --fullscreen, 0 = primary", DefaultValueFactory = _ => 0 };

    public Option<bool> ColourBlind { get; } = new("--colour-blind") { Description = "Use the colour-blind-safe palette (B toggles)" };

    public Option<string?> Background { get; } = new("--background")
    {
        Description = "Background colour as #RRGGBB or #RRGGBBAA (alpha below FF: transparent where the platform composites)",
    };

    public void AddTo(Command command, bool window)
    {
        if (window)
        {
            command.Options.Add(Fullscreen);
            command.Options.Add(Monitor);
        }
        command.Options.Add(ColourBlind);
        command.Options.Add(Background);
    }

    public ViewOptions Create(ParseResult parse, string title)
    {
        var options = new ViewOptions
        {
            Title = title,
            Fullscreen = parse.GetValue(Fullscreen),
            Monitor = parse.GetValue(Monitor),
            Settings = ViewSettings.Default with
            {
                Palette = parse.GetValue(ColourBlind) ? PaletteKind.ColourBlindSafe : PaletteKind.Standard,
            },
        };
        string? background = parse.GetValue(Background);
        if (background is not null)
        {
            try
            {
                options = options with { Background = Rgba.Parse(background) };
            }
            catch (FormatException error)
            {
                throw new UsageException($"--background {background}: {error.Message}");
            }
        }
        options.Validate();
        return options;
    }
}
