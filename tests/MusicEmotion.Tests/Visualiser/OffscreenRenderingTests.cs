using MusicEmotion.Native;
using MusicEmotion.Native.Posix;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Offscreen;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>The whole-track summary drawn with no display (EGL on Mesa's surfaceless platform), as <c>render</c> does.</summary>
[Collection(DisplayCollection.Name)]
public sealed class OffscreenRenderingTests(DisplayFixture display)
{
    private static readonly ViewOptions Options = new();

    [SkippableFact]
    public void DrawsTheWholeTrackSummaryWithNoDisplayAtAll()
    {
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.Egl), "the EGL library (apt install libegl1 libegl-mesa0)");
        string? saved = Environment.GetEnvironmentVariable("DISPLAY");
        NativeEnvironment.Set("DISPLAY", null);
        try
        {
            using var renderer = OffscreenRenderer.Create(960, 540, Options, EglOffscreenContext.Create());
            Assert.StartsWith("EGL surfaceless", renderer.Description, StringComparison.Ordinal);
            ViewReading[] journey = ScriptedReadings.Journey();
            RgbaImage summary = renderer.RenderSummary(journey, ViewSettings.Default, "journey.wav");
            RgbaImage empty = renderer.RenderSummary([], ViewSettings.Default, "journey.wav");
            Screenshots.MatchGolden(summary, "summary-journey");

            // The trail covers the whole track: the first reading, the middle and the last are all on it.
            ViewLayout layout = renderer.Layout;
            foreach (int i in new[] { 1, journey.Length / 2, journey.Length - 3 })
            {
                (float x, float y) = layout.ToPixel(journey[i].Point);
                Assert.True(Pixels.MaxDifferenceNear(summary, empty, x, y, 1) > 40, $"reading {i} at ({x}, {y}) is not on the summary trail");
            }
        }
        finally
        {
            NativeEnvironment.Set("DISPLAY", saved);
        }
    }

    [SkippableFact]
    public void TrackSummaryWritesAPngAnyDecoderReads()
    {
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.Egl), "the EGL library (apt install libegl1 libegl-mesa0)");
        string path = Path.Combine(Screenshots.OutputDirectory, "track-summary-1080p.png");
        string how = TrackSummary.Save(ScriptedReadings.Journey(), path, "journey.wav", Options, status: new ViewStatus("managed", "managed", "journey.wav", 0.8, 1.6, 0));
        Assert.Contains("OpenGL", how, StringComparison.Ordinal);
        RgbaImage image = PngReader.Read(path);
        Assert.Equal((1920, 1080), (image.Width, image.Height));
    }

    [SkippableFact]
    public void TheWindowAndTheOffscreenRendererDrawTheSamePicture()
    {
        display.Require();
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.Egl), "the EGL library (apt install libegl1 libegl-mesa0)");
        ViewReading[] journey = ScriptedReadings.Journey();
        var options = new ViewOptions { Width = 800, Height = 450, VSync = false };
        var feed = new ViewFeed();
        RgbaImage windowed;
        using (VisualiserWindow window = VisualiserWindow.Open(options))
        {
            for (int i = 0; i < 30; i++)
            {
                feed.Publish(journey[i]);
                window.RenderFrame(feed, i * 0.5);
            }
            window.RenderFrame(feed, 14.7);
            windowed = window.Capture();
        }
        using var renderer = OffscreenRenderer.Create(800, 450, options);
        var follower = new FeedFollower(options.StripSeconds, options.TransitionSeconds);
        var replay = new ViewFeed();
        for (int i = 0; i < 30; i++)
        {
            replay.Publish(journey[i]);
            follower.Update(replay, i * 0.5);
        }
        follower.Update(replay, 14.7);
        renderer.Render(follower.Scene(14.7, options.Settings, null));
        RgbaImage offscreen = renderer.Capture();
        Screenshots.Save(offscreen, "same-picture-offscreen");
        Screenshots.Save(windowed, "same-picture-window");
        int differing = 0;
        for (int y = 0; y < 450; y++)
        {
            for (int x = 0; x < 800; x++)
            {
                differing += Pixels.Difference(windowed, offscreen, x, y) > 2 ? 1 : 0;
            }
        }
        Assert.True(differing < 50, $"{differing} pixels differ between the window and the offscreen frame");
    }

    [SkippableFact]
    public void ATransparentBackgroundLeavesOnlyTheViewForCompositing()
    {
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.Egl), "the EGL library (apt install libegl1 libegl-mesa0)");
        var options = Options with { Background = Rgba.Parse("#00000000") };
        using var renderer = OffscreenRenderer.Create(640, 360, options, EglOffscreenContext.Create());
        RgbaImage image = renderer.RenderSummary(ScriptedReadings.Journey(), ViewSettings.Default, "journey.wav");
        string shot = Screenshots.Save(image, "transparent");
        ViewLayout layout = renderer.Layout;
        Assert.True(image[2, 2].A == 0, $"the corner is {image[2, 2]}, not transparent; see {shot}");
        // The rim is opaque enough to see on any wall; the glowing point is fully opaque at its core.
        (float x, float y) = layout.ToPixel(ScriptedReadings.Journey()[^1].Point);
        Assert.Equal(255, image[(int)x, (int)y].A);
        Assert.InRange(image[(int)layout.CentreX, (int)(layout.CentreY - layout.Radius)].A, 60, 255);
    }

    [SkippableFact]
    public void FallsBackToAHiddenWindowWhereThereIsADisplay()
    {
        display.Require();
        using var renderer = OffscreenRenderer.Create(320, 200, Options, HiddenWindowContext.Create());
        Assert.StartsWith("hidden GLFW window", renderer.Description, StringComparison.Ordinal);
        RgbaImage image = renderer.RenderSummary(ScriptedReadings.Journey(), ViewSettings.Default, "journey.wav");
        Assert.Equal((320, 200), (image.Width, image.Height));
    }
}
