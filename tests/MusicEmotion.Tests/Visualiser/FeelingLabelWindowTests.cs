using System.Collections.Concurrent;
using System.Diagnostics;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Drawing;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>
/// E in the real window (Xvfb, Mesa; xdotool presses the keys and clicks through XTEST): the point holds still at the
/// moment on show, a left click on the circumplex or a class key is stored off the render thread at that moment, Esc
/// cancels without storing or closing, and a frozen frame allocates nothing.
/// </summary>
[Collection(DisplayCollection.Name)]
public sealed class FeelingLabelWindowTests(DisplayFixture display)
{
    [SkippableFact]
    public void EFreezesTheMomentAndAClickOrAKeyIsStoredThereWhileEscCancels()
    {
        display.Require();
        Xdotool.Require();
        string title = $"MusicEmotion feel {Guid.NewGuid():N}";
        var stored = new ConcurrentQueue<(double At, AffectPoint? Felt, string? Class, int Thread)>();
        using var window = VisualiserWindow.Open(new ViewOptions { Width = 1280, Height = 720, VSync = false, Title = title });
        int renderThread = Environment.CurrentManagedThreadId;
        window.UseFeelingLabels((at, felt, className) =>
        {
            stored.Enqueue((at, felt, className, Environment.CurrentManagedThreadId));
            return "stored";
        });
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0.4f, -0.5f));
        feed.Publish(ScriptedReadings.At(1.0, 0.3f, -0.4f));
        WindowPump.Until(window, feed, TimeSpan.FromSeconds(1), () => false);
        ViewLayout layout = window.Cursor.Layout;

        // E, then a click at (arousal 0.5, valence 0.6).
        var felt = new AffectPoint(0.5f, 0.6f);
        (float x, float y) = layout.ToPixel(felt);
        Drive(window, feed, title, $"key e sleep 0.3 mousemove --window %1 {x:0} {y:0} sleep 0.2 click 1", () => !stored.IsEmpty);
        Assert.True(stored.TryDequeue(out var click), "the click after E stored nothing");
        Assert.Equal(1.0, click.At);
        Assert.Null(click.Class);
        Assert.True(AffectSeries.Distance(click.Felt!.Value, felt) < 0.02f, $"stored {click.Felt}, clicked {felt}");
        Assert.NotEqual(renderThread, click.Thread);
        Assert.False(window.FeelingFrozen);

        // E holds the moment while readings go on arriving: the label is about the moment E was pressed.
        Drive(window, feed, title, "key e", () => window.FeelingFrozen);
        feed.Publish(ScriptedReadings.At(1.5, -0.6f, 0.2f));
        long allocated = WindowPump.FrameAllocations(window, feed);
        Assert.True(allocated == 0, $"120 frames with the point frozen allocated {allocated} bytes");
        Drive(window, feed, title, "key 3", () => !stored.IsEmpty);
        Assert.True(stored.TryDequeue(out var key), "3 after E stored nothing");
        Assert.Equal((1.0, (AffectPoint?)null, "sad"), (key.At, key.Felt, key.Class));

        // E then Esc: nothing stored, the view stays open and is no longer frozen.
        Drive(window, feed, title, "key e sleep 0.3 key Escape", () => !window.FeelingFrozen);
        WindowPump.Until(window, feed, TimeSpan.FromSeconds(1), () => false);
        Assert.Empty(stored);
        Assert.False(window.CloseRequested, "Esc after E closed the view");
        window.FeelingTask.Wait();
    }

    [SkippableFact]
    public void WithoutALibraryEOnlySaysWhatItNeeds()
    {
        display.Require();
        using var window = VisualiserWindow.Open(new ViewOptions { Width = 640, Height = 360, VSync = false, Title = "MusicEmotion feel none" });
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0.4f, -0.5f));
        window.PollEvents();
        window.RenderFrame(feed, 1);
        window.Execute(ViewAction.LabelFeeling);
        Assert.False(window.FeelingFrozen);
        Assert.Equal(FeelingCapture.NoLibraryNote, window.ProfileStatus?.Note);
    }

    /// <summary>Runs xdotool on the window while the window keeps drawing, until <paramref name="done"/> or 30 s.</summary>
    private static void Drive(VisualiserWindow window, ViewFeed feed, string title, string keys, Func<bool> done)
    {
        string arguments = $"search --sync --onlyvisible --name \"{title}\" mousemove --window %1 20 20 sleep 0.2 {keys}";
        using Process xdotool = Xdotool.Start(arguments);
        WindowPump.Until(window, feed, TimeSpan.FromSeconds(30), () => xdotool.HasExited && done());
        Xdotool.Finish(xdotool, arguments);
    }
}
