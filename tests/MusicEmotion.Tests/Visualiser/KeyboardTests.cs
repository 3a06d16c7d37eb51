using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>Real key presses, sent to the window through the X server's XTEST extension by xdotool.</summary>
[Collection(DisplayCollection.Name)]
public sealed class KeyboardTests(DisplayFixture display)
{
    [SkippableFact]
    public void KeysToggleOverlaysGoFullScreenAndClose()
    {
        display.Require();
        Xdotool.Require();
        string title = $"MusicEmotion keys {Guid.NewGuid():N}";
        using VisualiserWindow window = VisualiserWindow.Open(new ViewOptions { Width = 640, Height = 400, VSync = false, Title = title });
        var feed = new ViewFeed();
        feed.Publish(ScriptedReadings.At(0.5, 0.3f, 0.3f));
        Pump(window, feed, TimeSpan.FromMilliseconds(300), () => false);

        // The pointer over the window gives it the keyboard (no window manager runs on the test display).
        Xdotool.Run($"search --sync --name \"{title}\" mousemove --window %1 40 40 key t l");
        Assert.True(Pump(window, feed, TimeSpan.FromSeconds(10), () => !window.Settings.Shows(ViewOverlays.Terms)), "T and L were not received");
        Assert.False(window.Settings.Shows(ViewOverlays.Trail));
        Assert.True(window.Settings.Shows(ViewOverlays.Forecast));

        Xdotool.Run("key F11");
        Assert.True(Pump(window, feed, TimeSpan.FromSeconds(10), () => window.IsFullscreen), "F11 did not go full screen");

        Xdotool.Run("key Escape");
        Assert.True(Pump(window, feed, TimeSpan.FromSeconds(10), () => window.CloseRequested), "Esc did not close the window");
    }

    private static bool Pump(VisualiserWindow window, ViewFeed feed, TimeSpan limit, Func<bool> done) => WindowPump.Until(window, feed, limit, done);
}
