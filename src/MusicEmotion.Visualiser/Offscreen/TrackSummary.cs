using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Visualiser.Offscreen;

/// <summary>The picture <c>musicemotion render</c> writes: a whole track's readings on the circumplex, as a PNG, with no display.</summary>
public static class TrackSummary
{
    /// <summary>Renders the summary offscreen and writes it to <paramref name="pngPath"/>; returns how the context was made.</summary>
    public static string Save(
        ReadOnlySpan<ViewReading> readings, string pngPath, string? title, ViewOptions options, int width = 1920, int height = 1080,
        ViewStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        using OffscreenRenderer renderer = OffscreenRenderer.Create(width, height, options);
        RgbaImage image = renderer.RenderSummary(readings, options.Settings, title, status);
        PngEncoder.Save(image, pngPath);
        return renderer.Description;
    }
}
