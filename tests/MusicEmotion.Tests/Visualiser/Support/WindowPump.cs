using System.Diagnostics;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>The render loop run by hand, so a test can look between frames.</summary>
internal static class WindowPump
{
    /// <summary>Polls, draws and presents until <paramref name="done"/> or the time is up; returns <paramref name="done"/>.</summary>
    public static bool Until(VisualiserWindow window, ViewFeed feed, TimeSpan limit, Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            window.PollEvents();
            if (done())
            {
                return true;
            }
            window.RenderFrame(feed, clock.Elapsed.TotalSeconds);
            window.Present();
            Thread.Sleep(10);
        }
        return done();
    }
}
