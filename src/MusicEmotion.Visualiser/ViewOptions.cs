using MusicEmotion.Visualiser.Style;

namespace MusicEmotion.Visualiser;

/// <summary>Overlays a key can switch on and off.</summary>
[Flags]
public enum ViewOverlays
{
    None = 0,

    /// <summary>The fading path of the last readings.</summary>
    Trail = 1,

    /// <summary>The dashed path of the predicted next readings.</summary>
    Forecast = 2,

    /// <summary>Russell's affect terms around the circle.</summary>
    Terms = 4,

    /// <summary>The side strip: plots, level meter, label, status.</summary>
    Strip = 8,

    All = Trail | Forecast | Terms | Strip,
}

/// <summary>What the view shows and how; the part a key press can change while it runs.</summary>
/// <param name="Overlays">Which overlays are on.</param>
/// <param name="ColourMode">Colour by quadrant or by valence.</param>
/// <param name="Palette">Standard or colour-blind-safe hues.</param>
public readonly record struct ViewSettings(ViewOverlays Overlays, ColourMode ColourMode, PaletteKind Palette)
{
    public static ViewSettings Default { get; } = new(ViewOverlays.All, ColourMode.Quadrant, PaletteKind.Standard);

    public bool Shows(ViewOverlays overlay) => (Overlays & overlay) == overlay;
}

/// <summary>How the window opens and what the view draws.</summary>
public sealed record ViewOptions
{
    /// <summary>Window size in screen coordinates when not full screen.</summary>
    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    public string Title { get; init; } = "MusicEmotion";

    /// <summary>Open full screen on <see cref="Monitor"/> (for installations).</summary>
    public bool Fullscreen { get; init; }

    /// <summary>The monitor for full screen, 0 = primary; see <c>VisualiserWindow.Monitors</c>.</summary>
    public int Monitor { get; init; }

    /// <summary>Background; an alpha below 1 asks for a transparent window, where the platform composites one.</summary>
    public Rgba Background { get; init; } = Rgba.Parse("#0A0E16");

    /// <summary>Seconds of readings the fading trail covers.</summary>
    public double TrailSeconds { get; init; } = 15;

    /// <summary>Seconds of history the side strip plots.</summary>
    public double StripSeconds { get; init; } = 60;

    /// <summary>How long the point takes to move to a new reading: one reading interval (0.5 s) by default.</summary>
    public double TransitionSeconds { get; init; } = 0.5;

    public ViewSettings Settings { get; init; } = ViewSettings.Default;

    /// <summary>Wait for vertical sync when presenting (one frame per display refresh).</summary>
    public bool VSync { get; init; } = true;

    /// <summary>Folder of the GLSL sources; the shaders/ folder next to the program by default.</summary>
    public string ShaderDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "shaders");

    /// <summary>A TrueType font to use instead of the DejaVu Sans the view looks for.</summary>
    public string? FontPath { get; init; }

    /// <summary>Checks the values and throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Width < 64 || Height < 64 || Width > 16384 || Height > 16384)
        {
            throw new ArgumentException($"window size {Width}x{Height} is outside 64..16384 pixels");
        }
        if (Monitor < 0)
        {
            throw new ArgumentException($"monitor {Monitor} is invalid: monitors are numbered from 0");
        }
        if (!(TrailSeconds > 0) || !(StripSeconds > 0) || !(TransitionSeconds > 0))
        {
            throw new ArgumentException(
                $"trail ({TrailSeconds} s), strip ({StripSeconds} s) and transition ({TransitionSeconds} s) must be positive");
        }
    }
}
