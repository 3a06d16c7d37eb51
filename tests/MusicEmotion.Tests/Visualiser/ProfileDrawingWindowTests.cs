using System.Diagnostics;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Drawing;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Style;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>
/// P and a real mouse stroke in the real window (Xvfb, Mesa; xdotool presses the key and moves the pointer with the
/// button held through XTEST): the line is drawn where the stroke went (pixels read back), the release runs the library
/// search (the same ProfileSearch as <c>library search --profile</c>, over a real SQLite catalog) off the render
/// thread and the strip lists what it found; Esc while drawing cancels without searching or closing.
/// </summary>
[Collection(DisplayCollection.Name)]
public sealed class ProfileDrawingWindowTests(DisplayFixture display) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void AStrokeIsDrawnWhereTheMouseWentAndItsSearchListsTheTrackThatRisesLikeIt()
    {
        display.Require();
        Xdotool.Require();
        string title = $"MusicEmotion draw {Guid.NewGuid():N}";
        using VisualiserWindow window = Open(title, out ViewFeed feed, out Func<int> searches);
        RgbaImage before = Frame(window, feed);
        ViewLayout layout = window.Cursor.Layout;

        string stroke = Xdotool.Stroke(title, layout, ProfileCatalog.Rise);
        using (Process xdotool = Xdotool.Start(stroke))
        {
            bool found = WindowPump.Until(window, feed, TimeSpan.FromSeconds(30), () => xdotool.HasExited && window.ProfileStatus is { Note: null });
            Xdotool.Finish(xdotool, stroke);
            Assert.True(found, $"no matches after the stroke: drawing {window.Drawing}, {window.DrawnProfile.Length} points, note '{window.ProfileStatus?.Note}'");
        }
        RgbaImage after = Frame(window, feed);
        string shot = Screenshots.Save(after, "profile-drawn");

        Assert.Equal(1, searches());
        Assert.Equal(DrawingPhase.Drawn, window.Drawing);
        Assert.Equal(ProfileCatalog.Rising, window.ProfileStatus!.Matches[0].Path);
        // The stroke starts where the button went down and ends where it came up (a press read at the pointer's
        // position after a slow frame would start it further along).
        AffectPoint first = window.DrawnProfile[0], last = window.DrawnProfile[^1];
        Assert.True(AffectSeries.Distance(first, ProfileCatalog.Rise[0]) < 0.02f, $"the stroke starts at {first}, not {ProfileCatalog.Rise[0]}");
        Assert.True(AffectSeries.Distance(last, ProfileCatalog.Rise[^1]) < 0.02f, $"the stroke ends at {last}, not {ProfileCatalog.Rise[^1]}");
        // The line lies where the pointer went: at points along each leg of the stroke the pixel is the profile's
        // colour now, and was not before.
        Rgba cyan = ViewPalette.Standard.Profile;
        int on = 0, samples = 0;
        for (int leg = 1; leg < ProfileCatalog.Rise.Length; leg++)
        {
            for (float t = 0.1f; t < 0.95f; t += 0.1f, samples++)
            {
                AffectPoint a = ProfileCatalog.Rise[leg - 1], b = ProfileCatalog.Rise[leg];
                (float x, float y) = layout.ToPixel(new AffectPoint(a.Arousal + ((b.Arousal - a.Arousal) * t), a.Valence + ((b.Valence - a.Valence) * t)));
                bool drawn = false;
                Pixels.ForEachNear(after, x, y, 1, (px, py) => drawn |= Pixels.Distance(after[px, py], cyan) <= 24 && Pixels.Distance(before[px, py], cyan) > 120);
                on += drawn ? 1 : 0;
            }
        }
        Assert.True(on >= samples - 1, $"{on} of {samples} points along the stroke are drawn in the profile's colour; see {shot}");
        // Nowhere far from the stroke is that colour: the line is where the mouse went, not elsewhere.
        (float X, float Y, int Count)? centre = Pixels.Centroid(after, cyan, 24);
        Assert.NotNull(centre);
        (float midX, float midY) = layout.ToPixel(new AffectPoint(0, 0));
        Assert.InRange(centre.Value.X, midX - (layout.Radius * 0.15f), midX + (layout.Radius * 0.15f));
        Assert.InRange(centre.Value.Y, midY - (layout.Radius * 0.15f), midY + (layout.Radius * 0.15f));

        // With the line and its matches on show and nothing being drawn, a frame allocates nothing, as before P.
        long allocated = WindowPump.FrameAllocations(window, feed);
        Assert.True(allocated == 0, $"120 frames with a drawn profile shown allocated {allocated} bytes");
    }

    [SkippableFact]
    public void EscWhileDrawingCancelsTheStrokeWithoutSearchingOrClosing()
    {
        display.Require();
        Xdotool.Require();
        string title = $"MusicEmotion draw {Guid.NewGuid():N}";
        using VisualiserWindow window = Open(title, out ViewFeed feed, out Func<int> searches);
        Frame(window, feed);

        string stroke = Xdotool.Stroke(title, window.Cursor.Layout, ProfileCatalog.Rise, escapeBeforeRelease: true);
        using (Process xdotool = Xdotool.Start(stroke))
        {
            bool cancelled = false, drew = false;
            WindowPump.Until(window, feed, TimeSpan.FromSeconds(30), () =>
            {
                drew |= window.Drawing == DrawingPhase.Stroking && window.DrawnProfile.Length > 3;
                cancelled |= drew && window.Drawing == DrawingPhase.Off;
                return xdotool.HasExited;
            });
            Xdotool.Finish(xdotool, stroke);
            Assert.True(drew, "the stroke was never drawn before Esc");
            Assert.True(cancelled, $"Esc did not cancel the drawing ({window.Drawing})");
        }
        // Give a search every chance to start, then look: none ran, the line is gone, the view is still open.
        WindowPump.Until(window, feed, TimeSpan.FromSeconds(1), () => false);
        RgbaImage image = Frame(window, feed);
        string shot = Screenshots.Save(image, "profile-cancelled");
        Assert.Equal(0, searches());
        Assert.False(window.CloseRequested, "Esc while drawing closed the view");
        Assert.Equal(0, window.DrawnProfile.Length);
        Assert.Null(window.ProfileStatus);
        Assert.True(Pixels.Centroid(image, ViewPalette.Standard.Profile, 24) is null, $"the cancelled line is still drawn; see {shot}");

        // Outside drawing, Esc still closes.
        Xdotool.Run($"search --sync --name \"{title}\" key Escape");
        Assert.True(WindowPump.Until(window, feed, TimeSpan.FromSeconds(10), () => window.CloseRequested), "Esc after the cancel did not close the view");
    }

    /// <summary>A window with a reading shown and P wired to the planted catalog; <paramref name="searches"/> counts the searches run.</summary>
    private VisualiserWindow Open(string title, out ViewFeed feed, out Func<int> searches)
    {
        string library = _folder.File("library.db");
        ProfileCatalog.Write(library);
        CatalogIndex index;
        using (ILibraryStore store = SqliteLibraryStore.Open(library, create: false))
        {
            index = CatalogIndex.Load(store);
        }
        int count = 0;
        searches = () => Volatile.Read(ref count);
        var window = VisualiserWindow.Open(new ViewOptions { Width = 1280, Height = 720, VSync = false, Title = title });
        window.UseProfileSearch(profile =>
        {
            Interlocked.Increment(ref count);
            return new ProfileSearch().Search(index, new EmotionProfile(profile), 5).Select(hit => new Suggestion(hit.Track.Path, hit.Distance)).ToArray();
        });
        feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0.4f, -0.5f));
        return window;
    }

    private static RgbaImage Frame(VisualiserWindow window, ViewFeed feed)
    {
        window.PollEvents();
        window.RenderFrame(feed, 5);
        return window.Capture();
    }
}
