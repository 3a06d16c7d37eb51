using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Window;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>
/// The real window on a real X display (Xvfb, Mesa llvmpipe): readings are fed, frames drawn and read back
/// with glReadPixels, and the pixels are checked where a person would look. Every screenshot is saved to
/// visualiser-screenshots/ in the test output.
/// </summary>
[Collection(DisplayCollection.Name)]
public sealed class WindowRenderingTests(DisplayFixture display)
{
    private static readonly ViewOptions Small = new() { Width = 960, Height = 540, VSync = false, Title = "MusicEmotion test" };

    [SkippableFact]
    public void ThePointIsDrawnWhereTheReadingMapsInItsQuadrantsColour()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        var reading = new AffectPoint(0.5f, 0.5f);
        feed.Publish(ScriptedReadings.At(0.5, reading.Arousal, reading.Valence));
        window.RenderFrame(feed, 0);
        RgbaImage image = window.Capture();
        string shot = Screenshots.Save(image, "point-active-positive");

        (float x, float y) = window.Layout.ToPixel(reading);
        Rgba core = Core(ViewPalette.Standard.QuadrantColour(Quadrant.ActivePositive));
        Assert.True(Pixels.Distance(image[(int)x, (int)y], core) <= 8, $"pixel at ({x}, {y}) is {image[(int)x, (int)y]}, expected the core colour {core}; see {shot}");
        var found = Pixels.Centroid(image, core, 10);
        Assert.NotNull(found);
        Assert.InRange(found.Value.X, x - 1.5f, x + 1.5f);
        Assert.InRange(found.Value.Y, y - 1.5f, y + 1.5f);

        // A reading in the opposite quadrant moves the point there and changes its colour.
        var passive = new AffectPoint(-0.6f, -0.3f);
        feed.Publish(ScriptedReadings.At(1.0, passive.Arousal, passive.Valence));
        window.RenderFrame(feed, 1);
        window.RenderFrame(feed, 2);
        image = window.Capture();
        shot = Screenshots.Save(image, "point-passive-negative");
        (float px, float py) = window.Layout.ToPixel(passive);
        Rgba blueCore = Core(ViewPalette.Standard.QuadrantColour(Quadrant.PassiveNegative));
        Assert.True(Pixels.Distance(image[(int)px, (int)py], blueCore) <= 8, $"pixel at ({px}, {py}) is {image[(int)px, (int)py]}, expected {blueCore}; see {shot}");
    }

    [SkippableFact]
    public void ThePointGlidesBetweenReadingsInsteadOfJumping()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small with { Settings = ViewSettings.Default with { Overlays = ViewOverlays.Strip } });
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0, -0.6f));
        window.RenderFrame(feed, 0);
        feed.Publish(ScriptedReadings.At(1.0, 0, 0.6f));
        Rgba core = Core(ViewPalette.Standard.QuadrantColour(Quadrant.ActiveNegative));
        Rgba positiveCore = Core(ViewPalette.Standard.QuadrantColour(Quadrant.ActivePositive));
        float previousX = window.Layout.ToPixel(new AffectPoint(0, -0.6f)).X;
        for (double t = 1; t <= 1.5 + 1e-9; t += 0.125)
        {
            window.RenderFrame(feed, t);
            RgbaImage image = window.Capture();
            var point = Pixels.Centroid(image, core, 12) ?? Pixels.Centroid(image, positiveCore, 12);
            Assert.NotNull(point);
            Assert.True(point.Value.X >= previousX - 1, $"at {t} s the point went back from x {previousX} to {point.Value.X}");
            Assert.True(point.Value.X - previousX < window.Layout.Radius * 0.6f, $"at {t} s the point jumped from x {previousX} to {point.Value.X}");
            previousX = point.Value.X;
        }
        Assert.Equal(window.Layout.ToPixel(new AffectPoint(0, 0.6f)).X, previousX, 1.5f);
    }

    [SkippableFact]
    public void TheTrailFadesWithAgeAndEndsAfterTheTrailSeconds()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small with { TrailSeconds = 8 });
        var feed = new ViewFeed();
        // Left to right along arousal 0.35, a reading every half second for 10 s.
        var points = new List<AffectPoint>();
        for (int i = 0; i < 21; i++)
        {
            var p = new AffectPoint(0.35f, -0.85f + (i * 0.085f));
            points.Add(p);
            feed.Publish(ScriptedReadings.At((i + 1) * 0.5, p.Arousal, p.Valence));
            window.RenderFrame(feed, i * 0.5);
        }
        window.RenderFrame(feed, 11);
        RgbaImage with = window.Capture();
        window.Execute(ViewAction.ToggleTrail);
        window.RenderFrame(feed, 11);
        RgbaImage without = window.Capture();
        string shot = Screenshots.Save(with, "trail-fading");

        // Strength of the trail at each reading: how much it changes the picture there.
        int[] strength = [.. points.Select(p => window.Layout.ToPixel(p)).Select(xy => Pixels.MaxDifferenceNear(with, without, xy.X, xy.Y, 1))];
        string all = $"{string.Join(", ", strength)} (see {shot})";
        // Readings older than 8 s (the first four of 21 at 10.5 s) are gone from the trail.
        Assert.True(strength.Take(4).All(s => s <= 3), $"trail strength by reading, oldest first: {all}");
        // Then it grows steadily towards the newest reading (the glowing point covers the last two).
        for (int i = 6; i < 17; i += 3)
        {
            Assert.True(strength[i + 3] > strength[i], $"reading {i + 3} is not brighter than the older reading {i}: {all}");
        }
        Assert.True(strength[17] > 4 * Math.Max(1, strength[5]), $"the trail barely fades: {all}");
    }

    [SkippableFact]
    public void TheForecastIsDrawnDashedAheadOfThePoint()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        var now = new AffectPoint(-0.5f, -0.2f);
        ForecastPoint[] forecast =
        [
            new(1, new AffectPoint(-0.2f, 0.1f), 0.05f),
            new(2, new AffectPoint(0.1f, 0.35f), 0.08f),
            new(3, new AffectPoint(0.4f, 0.55f), 0.1f),
        ];
        feed.Publish(ScriptedReadings.At(0.5, now.Arousal, now.Valence, forecast));
        window.RenderFrame(feed, 0);
        RgbaImage with = window.Capture();
        string shot = Screenshots.Save(with, "forecast");
        window.Execute(ViewAction.ToggleForecast);
        window.RenderFrame(feed, 0);
        RgbaImage without = window.Capture();

        ViewLayout layout = window.Layout;
        foreach (ForecastPoint f in forecast)
        {
            (float x, float y) = layout.ToPixel(f.Point);
            Assert.True(Pixels.MaxDifferenceNear(with, without, x, y, 4) > 100, $"nothing drawn at the forecast point {f.Point} ({x}, {y}); see {shot}");
        }
        // Ahead, not behind: the side away from the forecast is untouched.
        (float cx, float cy) = layout.ToPixel(now);
        (float bx, float by) = layout.ToPixel(new AffectPoint(now.Arousal - 0.25f, now.Valence - 0.25f));
        Assert.True(Pixels.MaxDifferenceNear(with, without, bx, by, 4) <= 2, $"forecast pixels behind the point; see {shot}");
        // Dashed: between the point and the first forecast point the line breaks at least twice, in a light
        // colour unlike any quadrant's.
        (float fx, float fy) = layout.ToPixel(forecast[0].Point);
        int breaks = 0;
        bool wasOn = false;
        for (float u = 0.3f; u <= 0.85f; u += 0.01f)
        {
            float x = cx + ((fx - cx) * u), y = cy + ((fy - cy) * u);
            bool on = Pixels.MaxDifferenceNear(with, without, x, y, 0) > 60;
            breaks += on != wasOn ? 1 : 0;
            wasOn = on;
            if (on)
            {
                var p = with[(int)x, (int)y];
                Assert.True(Math.Min(p.R, Math.Min(p.G, p.B)) > 90, $"forecast pixel at ({x}, {y}) is {p}, not light");
            }
        }
        Assert.True(breaks >= 4, $"the forecast line is not dashed ({breaks} on/off changes); see {shot}");
    }

    [SkippableFact]
    public void AffectTermsAreWrittenInTheirBoxesAndKeyLHidesThem()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0.2f, 0.3f));
        window.RenderFrame(feed, 0);
        RgbaImage with = window.Capture();
        string shot = Screenshots.Save(with, "terms");
        TermLabel[] terms = window.Terms.ToArray();
        window.Execute(KeyBindings.ActionFor('L'));
        window.RenderFrame(feed, 0);
        RgbaImage without = window.Capture();
        Rgba background = Small.Background;

        Assert.Equal(Circumplex.Terms.Count, terms.Length);
        foreach (TermLabel term in terms)
        {
            int ink = 0, left = 0;
            for (int y = (int)term.Box.Y; y < (int)term.Box.Bottom; y++)
            {
                for (int x = (int)term.Box.X; x < (int)term.Box.Right; x++)
                {
                    ink += Pixels.Distance(with[x, y], background) > 40 ? 1 : 0;
                    left += Pixels.Distance(without[x, y], background) > 40 ? 1 : 0;
                }
            }
            Assert.True(ink >= 3 * term.Name.Length, $"'{term.Name}' box {term.Box} has only {ink} inked pixels; see {shot}");
            Assert.True(left == 0, $"'{term.Name}' box {term.Box} still has {left} inked pixels with the terms hidden");
        }
    }

    [SkippableFact]
    public void NothingIsDrawnOutsideTheCircumplexAndTheStrip()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        // Corners, a reading beyond the models' range, and one that is not a number.
        feed.Publish(ScriptedReadings.At(0.5, 1, 1, new ForecastPoint(1, new AffectPoint(5, 5), 2)));
        feed.Publish(ScriptedReadings.At(1.0, -1, -1));
        feed.Publish(ScriptedReadings.At(1.5, 3, -7, new ForecastPoint(1, new AffectPoint(-9, 9), 0.5f)));
        feed.Publish(new ViewReading(2.0, new AffectPoint(float.NaN, 0.5f), default, []));
        feed.Publish(ScriptedReadings.At(2.5, 1, -1, new ForecastPoint(1, new AffectPoint(-1, 1), 1)));
        for (double t = 0; t < 3; t += 0.25)
        {
            window.RenderFrame(feed, t);
        }
        RgbaImage image = window.Capture();
        string shot = Screenshots.Save(image, "bounds");
        ViewLayout layout = window.Layout;
        PixelRect circumplex = layout.CircumplexBounds;
        PixelRect strip = layout.Strip!.Value;
        int stray = 0;
        string? first = null;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (circumplex.Contains(x, y) || strip.Contains(x, y) || Pixels.Distance(image[x, y], Small.Background) <= 1)
                {
                    continue;
                }
                stray++;
                first ??= $"({x}, {y}) = {image[x, y]}";
            }
        }
        Assert.True(stray == 0, $"{stray} pixels drawn outside the circumplex {circumplex} and strip {strip}, first {first}; see {shot}");
    }

    [SkippableFact]
    public void MatchesTheGoldenScreenshots()
    {
        display.Require();
        RgbaImage background = BackgroundOnly();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        feed.PublishStatus(new ViewStatus("onnxruntime", "cpu", "sad.wav", 2.4, 4.9, 0));
        ViewReading[] journey = ScriptedReadings.Journey();
        for (int i = 0; i < 44; i++)
        {
            feed.Publish(journey[i]);
            window.RenderFrame(feed, i * 0.5);
        }
        window.RenderFrame(feed, (43 * 0.5) + 0.3);
        RgbaImage standard = window.Capture();
        Screenshots.MatchGolden(standard, "live-journey");

        // Without the golden image too: the point is on its way from the last reading but one to the last, in the
        // colour of a quadrant it is in; the trail covers earlier readings; the strip is drawn.
        ViewLayout layout = window.Layout;
        (float X, float Y) point = PointBetween(standard, layout, journey[42].Point, journey[43].Point);
        foreach (int i in new[] { 36, 39 })
        {
            (float x, float y) = layout.ToPixel(journey[i].Point);
            Assert.True(Pixels.MaxDifferenceNear(standard, background, x, y, 1) > 30, $"reading {i} at ({x}, {y}) is not on the trail");
        }
        Assert.True(StripInk(standard, background, layout.Strip!.Value) > 500, "the side strip is empty");

        window.Execute(ViewAction.TogglePalette);
        window.Execute(ViewAction.CycleColourMode);
        window.RenderFrame(feed, (43 * 0.5) + 0.3);
        RgbaImage colourBlind = window.Capture();
        Screenshots.MatchGolden(colourBlind, "live-journey-colour-blind-valence");
        Assert.True(Pixels.MaxDifferenceNear(standard, colourBlind, point.X, point.Y, 1) > 30, "the colour-blind palette left the point's colour as it was");

        window.Execute(ViewAction.ToggleStrip);
        window.RenderFrame(feed, (43 * 0.5) + 0.3);
        RgbaImage noStrip = window.Capture();
        Screenshots.MatchGolden(noStrip, "live-journey-no-strip");
        // Without the strip the circumplex is centred in the whole window, and the point moves with it.
        Assert.Null(window.Layout.Strip);
        Assert.True(window.Layout.CentreX > layout.CentreX, $"centre x {window.Layout.CentreX} without the strip, {layout.CentreX} with it");
        window.Execute(ViewAction.TogglePalette);
        window.Execute(ViewAction.CycleColourMode);
        window.RenderFrame(feed, (43 * 0.5) + 0.3);
        PointBetween(window.Capture(), window.Layout, journey[42].Point, journey[43].Point);
    }

    /// <summary>Where the point is: its core colour, in the quadrant of either reading, inside the box the two span.</summary>
    private static (float X, float Y) PointBetween(RgbaImage image, ViewLayout layout, AffectPoint from, AffectPoint to)
    {
        var (fromX, fromY) = layout.ToPixel(from);
        var (toX, toY) = layout.ToPixel(to);
        var found = Pixels.Centroid(image, Core(ViewPalette.Standard.QuadrantColour(Circumplex.QuadrantOf(to))), 10)
            ?? Pixels.Centroid(image, Core(ViewPalette.Standard.QuadrantColour(Circumplex.QuadrantOf(from))), 10);
        Assert.True(found is not null, "no pixel in the point's core colour");
        const float Slack = 3;
        Assert.InRange(found.Value.X, Math.Min(fromX, toX) - Slack, Math.Max(fromX, toX) + Slack);
        Assert.InRange(found.Value.Y, Math.Min(fromY, toY) - Slack, Math.Max(fromY, toY) + Slack);
        return (found.Value.X, found.Value.Y);
    }

    /// <summary>The view drawn with no readings, in a window of its own closed again before the test's window opens: what the trail and strip are compared against.</summary>
    private static RgbaImage BackgroundOnly()
    {
        using VisualiserWindow empty = VisualiserWindow.Open(Small);
        empty.RenderFrame(new ViewFeed(), 0);
        return empty.Capture();
    }

    /// <summary>Pixels inside the strip's rectangle that differ clearly from the empty view.</summary>
    private static int StripInk(RgbaImage image, RgbaImage background, PixelRect strip)
    {
        int ink = 0;
        for (int y = (int)strip.Y; y < (int)strip.Bottom; y++)
        {
            for (int x = (int)strip.X; x < (int)strip.Right; x++)
            {
                ink += Pixels.Difference(image, background, x, y) > 40 ? 1 : 0;
            }
        }
        return ink;
    }

    [SkippableFact]
    public void FullScreenResizeAndWindowedAgainLayOutForEachSize()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0.4f, 0.4f));
        window.RenderFrame(feed, 0);
        Assert.Equal((960, 540), window.FramebufferSize);

        window.Execute(ViewAction.ToggleFullscreen);
        Assert.True(window.IsFullscreen);
        // As in the render loop: the drawable takes its new size over the next presented frames.
        for (int i = 0; i < 3; i++)
        {
            window.PollEvents();
            window.RenderFrame(feed, 0);
            window.Present();
        }
        window.RenderFrame(feed, 0);
        Assert.Equal((1920, 1080), (window.Layout.Width, window.Layout.Height));
        RgbaImage full = window.Capture();
        string path = Screenshots.Save(full, "fullscreen-1080p");
        // The whole new drawable is painted, not just the old window's corner of it.
        foreach ((int x, int y) in new[] { (4, 4), (1915, 4), (4, 1075), (1915, 1075), (1200, 200) })
        {
            Assert.True(Pixels.Distance(full[x, y], Small.Background) <= 2, $"({x}, {y}) is {full[x, y]}, not the background, in {path}");
        }

        window.Execute(ViewAction.ToggleFullscreen);
        Assert.False(window.IsFullscreen);
        window.Resize(1280, 720);
        window.RenderFrame(feed, 0);
        Assert.Equal((1280, 720), (window.Layout.Width, window.Layout.Height));
    }

    [SkippableFact]
    public void OpensFullScreenOnAChosenMonitorAndNamesAMissingOne()
    {
        display.Require();
        IReadOnlyList<string> monitors = VisualiserWindow.Monitors();
        Assert.NotEmpty(monitors);
        using (VisualiserWindow window = VisualiserWindow.Open(Small with { Fullscreen = true, Monitor = 0 }))
        {
            Assert.True(window.IsFullscreen);
        }
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => VisualiserWindow.Open(Small with { Fullscreen = true, Monitor = monitors.Count }));
        Assert.Contains($"monitor {monitors.Count} does not exist", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void FramesAllocateNothingAfterWarmUp()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        feed.PublishStatus(new ViewStatus("managed", "managed", "default input", 1.5, 3.5, 2));
        // The strip's suggestion list too: names cut from paths and scores formatted every frame.
        feed.PublishSuggestions([new Suggestion("/music/calm piano.flac", 0.12), new Suggestion("/music/a very long file name of a track that is cut to fit.wav", 1.5)]);
        ViewReading[] journey = ScriptedReadings.Journey();
        double t = 0;
        void Frames(int count, int offset)
        {
            for (int i = 0; i < count; i++, t += 1 / 60.0)
            {
                if (i % 30 == 0)
                {
                    feed.Publish(journey[(offset + (i / 30)) % journey.Length]);
                }
                window.PollEvents();
                window.RenderFrame(feed, t);
                window.Present();
            }
        }
        Frames(600, 0);
        (long allocated, _) = Allocations.During(1, round =>
        {
            Frames(600, 20 * round);
            return 0;
        });
        Assert.True(allocated == 0, $"600 frames allocated {allocated} bytes");
    }

    [SkippableFact]
    public void ClosingTheWindowMidSessionEndsTheLoopAndKeepsWhatWasFed()
    {
        display.Require();
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        var feed = new ViewFeed();
        using var closed = new ManualResetEventSlim();
        var pipeline = new Thread(() =>
        {
            ViewReading[] journey = ScriptedReadings.Journey();
            for (int i = 0; i < journey.Length; i++)
            {
                feed.Publish(journey[i]);
                if (i == 30)
                {
                    window.RequestClose();
                    closed.Set();
                }
                Thread.Sleep(5);
            }
        });
        pipeline.Start();
        ViewExit exit = window.Run(feed);
        Assert.Equal(ViewExit.WindowClosed, exit);
        Assert.True(closed.IsSet);
        // The pipeline is not held up by the closed view: it publishes the rest and finishes.
        Assert.True(pipeline.Join(TimeSpan.FromSeconds(10)), "the publisher was blocked");
        ViewReading[] kept = feed.ToArray();
        Assert.Equal(ScriptedReadings.Journey().Select(r => r.StreamSeconds), kept.Select(r => r.StreamSeconds));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Equal(ViewExit.Cancelled, VisualiserWindow.Open(Small).RunAndDispose(feed, cancel.Token));
    }

    /// <summary>The glowing point's core: the point's colour lifted towards white, as sprite.frag draws it.</summary>
    private static Rgba Core(Rgba colour) => Rgba.Lerp(colour, new Rgba(1, 1, 1), 0.55f);
}

internal static class WindowTestExtensions
{
    public static ViewExit RunAndDispose(this VisualiserWindow window, ViewFeed feed, CancellationToken token)
    {
        using (window)
        {
            return window.Run(feed, token);
        }
    }
}
