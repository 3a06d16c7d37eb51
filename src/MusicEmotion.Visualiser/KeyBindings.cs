using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Visualiser;

/// <summary>What a key press asks the view to do.</summary>
public enum ViewCommand
{
    None,
    ToggleTrail,
    ToggleForecast,
    ToggleTerms,
    ToggleStrip,
    CycleColourMode,
    TogglePalette,
    ToggleFullscreen,
    Close,
}

/// <summary>The keys of the view, and what each command does to the settings.</summary>
public static class KeyBindings
{
    /// <summary>The help line the side strip shows.</summary>
    public const string Help = "T trail · F forecast · L terms · S strip · C colour · B palette · F11 full screen · Esc quit";

    /// <summary>The command bound to a GLFW key code, or <see cref="ViewCommand.None"/>.</summary>
    public static ViewCommand CommandFor(int glfwKey) => glfwKey switch
    {
        'T' => ViewCommand.ToggleTrail,
        'F' => ViewCommand.ToggleForecast,
        'L' => ViewCommand.ToggleTerms,
        'S' => ViewCommand.ToggleStrip,
        'C' => ViewCommand.CycleColourMode,
        'B' => ViewCommand.TogglePalette,
        GlfwInterop.KeyF11 => ViewCommand.ToggleFullscreen,
        GlfwInterop.KeyEscape or 'Q' => ViewCommand.Close,
        _ => ViewCommand.None,
    };

    /// <summary>The settings after <paramref name="command"/>; commands that are not about settings leave them alone.</summary>
    public static ViewSettings Apply(ViewSettings settings, ViewCommand command) => command switch
    {
        ViewCommand.ToggleTrail => settings with { Overlays = settings.Overlays ^ ViewOverlays.Trail },
        ViewCommand.ToggleForecast => settings with { Overlays = settings.Overlays ^ ViewOverlays.Forecast },
        ViewCommand.ToggleTerms => settings with { Overlays = settings.Overlays ^ ViewOverlays.Terms },
        ViewCommand.ToggleStrip => settings with { Overlays = settings.Overlays ^ ViewOverlays.Strip },
        ViewCommand.CycleColourMode => settings with
        {
            ColourMode = settings.ColourMode == ColourMode.Quadrant ? ColourMode.Valence : ColourMode.Quadrant,
        },
        ViewCommand.TogglePalette => settings with
        {
            Palette = settings.Palette == PaletteKind.Standard ? PaletteKind.ColourBlindSafe : PaletteKind.Standard,
        },
        _ => settings,
    };
}
