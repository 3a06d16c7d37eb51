using BenchmarkDotNet.Attributes;
using MusicEmotion.Inference;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Offscreen;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Benchmarks.Visualiser;

/// <summary>
/// Frame time of the view at 1920x1080: the same renderer and shaders as the window, drawing into an
/// offscreen framebuffer (EGL surfaceless on Mesa where available), each frame waited for with glFinish so
/// the GPU's (llvmpipe's) work is inside the measurement. The live frame is what the window draws at 60 Hz:
/// a minute of readings in the strip, 15 s of trail, forecast, terms, glowing point.
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private OffscreenRenderer _renderer = null!;
    private FeedFollower _follower = null!;
    private ViewReading[] _track = null!;
    private ViewStatus _status = null!;
    private double _lastArrival;
    private int _frame;

    [GlobalSetup]
    public void Setup()
    {
        var options = new ViewOptions();
        _renderer = OffscreenRenderer.Create(1920, 1080, options);
        _track = Readings(180);
        _status = new ViewStatus("onnxruntime", "cpu", "default input", 2.5, 4.8, 0);
        var feed = new ViewFeed();
        _follower = new FeedFollower(options.StripSeconds, options.TransitionSeconds);
        foreach (ViewReading reading in _track)
        {
            feed.Publish(reading);
            _lastArrival = reading.StreamSeconds;
            _follower.Update(feed, _lastArrival);
        }
        Console.WriteLine($"// offscreen context: {_renderer.Description}");
    }

    [Benchmark(Description = "live frame 1920x1080 (render + glFinish)")]
    public void LiveFrame()
    {
        // Cycle through the half second after the last reading, so the point is seen moving and resting.
        double now = _lastArrival + (_frame++ % 30 / 60.0);
        _renderer.Render(_follower.Scene(now, ViewSettings.Default, _status));
        _renderer.Finish();
    }

    [Benchmark(Description = "whole-track summary 1920x1080, 90 s (render + glFinish)")]
    public void SummaryFrame()
    {
        var last = _track[^1];
        _renderer.Render(new SceneInput(_track, last.Point, last.StreamSeconds, ViewSettings.Default, SceneMode.Summary, _status, "track.wav"));
        _renderer.Finish();
    }

    [GlobalCleanup]
    public void Cleanup() => _renderer.Dispose();

    /// <summary>Readings that wander smoothly round the circle, each with a three-step forecast.</summary>
    private static ViewReading[] Readings(int count)
    {
        var readings = new ViewReading[count];
        Span<ForecastPoint> forecast = stackalloc ForecastPoint[3];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                forecast[k] = new ForecastPoint(k + 1, Point(i + (2 * (k + 1))), 0.05f * (k + 1));
            }
            readings[i] = new ViewReading((i + 1) * 0.5, Point(i), new InputLevel(0.1f, 0.4f), forecast);
        }
        return readings;
    }

    private static AffectPoint Point(int i) =>
        new(0.7f * MathF.Sin(i * 0.07f) * MathF.Cos(i * 0.013f), 0.7f * MathF.Cos(i * 0.05f));
}
