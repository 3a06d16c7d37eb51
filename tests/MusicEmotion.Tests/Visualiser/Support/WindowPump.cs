using System.Diagnostics;
using MusicEmotion.Tests.Support;
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

    /// <summary>What <paramref name="frames"/> frames (poll, draw, present) allocate once warm, the least of a few tries.</summary>
    public static long FrameAllocations(VisualiserWindow window, ViewFeed feed, int frames = 120)
    {
        (long allocated, _) = Allocations.During(1, _ =>
        {
            for (int i = 0; i < frames; i++)
            {
                window.PollEvents();
                window.RenderFrame(feed, 10 + (i / 60.0));
                window.Present();
            }
            return 0;
        });
        return allocated;
    }
}
