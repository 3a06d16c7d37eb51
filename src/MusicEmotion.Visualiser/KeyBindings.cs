using MusicEmotion.Native.Glfw;
using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Visualiser;

/// <summary>What a key press asks the view to do.</summary>
public enum ViewAction
{
    None,
    ToggleTrail,
    ToggleForecast,
    ToggleTerms,
    ToggleStrip,
    CycleColourMode,
    TogglePalette,
    ToggleFullscreen,

    /// <summary>P: draw a profile with the mouse and search the library for it.</summary>
    DrawProfile,

    /// <summary>E: freezes the point to label what the listener feels at this moment.</summary>
    LabelFeeling,

    /// <summary>Esc: cancels a profile being drawn or a label being taken; otherwise closes the view.</summary>
    CancelOrClose,
    Close,
}

/// <summary>The keys of the view, and what each action does to the settings.</summary>
public static class KeyBindings
{
    /// <summary>The help line the side strip shows.</summary>
    public const string Help = "T trail · F forecast · L terms · S strip · C colour · B palette · F11 full screen · Esc quit";

    /// <summary>The action bound to a GLFW key code, or <see cref="ViewAction.None"/>.</summary>
    public static ViewAction ActionFor(int glfwKey) => glfwKey switch
    {
        'T' => ViewAction.ToggleTrail,
        'F' => ViewAction.ToggleForecast,
        'L' => ViewAction.ToggleTerms,
        'S' => ViewAction.ToggleStrip,
        'C' => ViewAction.CycleColourMode,
        'B' => ViewAction.TogglePalette,
        GlfwInterop.KeyF11 => ViewAction.ToggleFullscreen,
        'P' => ViewAction.DrawProfile,
        'E' => ViewAction.LabelFeeling,
        GlfwInterop.KeyEscape => ViewAction.CancelOrClose,
        'Q' => ViewAction.Close,
        _ => ViewAction.None,
    };

    /// <summary>
    /// While a label is being taken (after E): the class a key answers with, 1-4 the quadrants counter-clockwise from
    /// happy, + 0 - positive, neutral, negative; null for any other key.
    /// </summary>
    public static string? FeelingFor(int glfwKey) => glfwKey switch
    {
        '1' or GlfwInterop.KeyKeypad1 => "happy",
        '2' or GlfwInterop.KeyKeypad2 => "angry",
        '3' or GlfwInterop.KeyKeypad3 => "sad",
        '4' or GlfwInterop.KeyKeypad4 => "calm",
        '=' or GlfwInterop.KeyKeypadAdd => "positive",
        '0' or GlfwInterop.KeyKeypad0 => "neutral",
        '-' or GlfwInterop.KeyKeypadSubtract => "negative",
        _ => null,
    };

    /// <summary>The settings after <paramref name="action"/>; actions that are not about settings leave them alone.</summary>
    public static ViewSettings Apply(ViewSettings settings, ViewAction action) => action switch
    {
        ViewAction.ToggleTrail => settings with { Overlays = settings.Overlays ^ ViewOverlays.Trail },
        ViewAction.ToggleForecast => settings with { Overlays = settings.Overlays ^ ViewOverlays.Forecast },
        ViewAction.ToggleTerms => settings with { Overlays = settings.Overlays ^ ViewOverlays.Terms },
        ViewAction.ToggleStrip => settings with { Overlays = settings.Overlays ^ ViewOverlays.Strip },
        ViewAction.CycleColourMode => settings with
        {
            ColourMode = settings.ColourMode == ColourMode.Quadrant ? ColourMode.Valence : ColourMode.Quadrant,
        },
        ViewAction.TogglePalette => settings with
        {
            Palette = settings.Palette == PaletteKind.Standard ? PaletteKind.ColourBlindSafe : PaletteKind.Standard,
        },
        _ => settings,
    };
}
