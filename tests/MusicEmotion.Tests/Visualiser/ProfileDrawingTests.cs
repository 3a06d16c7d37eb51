using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Visualiser.Drawing;
using MusicEmotion.Visualiser.Rendering;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>
/// Drawing a profile without a window: the cursor mapped onto the painters' layout (high-DPI included), the stroke
/// collected and thinned, the P / button / Esc state machine, and the search run off the calling thread.
/// </summary>
public sealed class ProfileDrawingTests
{
    [Theory]
    [InlineData(1280, 720, 1)]
    [InlineData(1280, 720, 2)]
    [InlineData(1600, 1200, 1.5)]
    public void ACursorOverAPointOfTheCircumplexMapsBackToThatPointAtAnyFramebufferScale(int width, int height, double scale)
    {
        // The framebuffer is `scale` times the window (a high-DPI screen); the painters lay out in framebuffer pixels.
        var layout = ViewLayout.For((int)(width * scale), (int)(height * scale), showStrip: true);
        var cursor = new CursorMapping(layout, width, height);
        foreach (AffectPoint point in new AffectPoint[] { new(0, 0), new(0.5f, -0.25f), new(-0.8f, 0.6f), new(1, 1) })
        {
            (float x, float y) = layout.ToPixel(point);
            AffectPoint mapped = cursor.ToCircumplex(x / scale, y / scale);
            Assert.Equal(point.Arousal, mapped.Arousal, 4);
            Assert.Equal(point.Valence, mapped.Valence, 4);
        }
    }

    [Fact]
    public void ACursorOutsideTheSquareIsClampedToItsEdge()
    {
        var layout = ViewLayout.For(1280, 720, showStrip: true);
        var cursor = new CursorMapping(layout, 1280, 720);

        AffectPoint topLeftCorner = cursor.ToCircumplex(0, 0);
        AffectPoint overTheStrip = cursor.ToCircumplex(1270, layout.CentreY);

        Assert.Equal(new AffectPoint(1, -1), topLeftCorner);
        Assert.Equal(1, overTheStrip.Valence);
        Assert.Equal(0, overTheStrip.Arousal, 4);
    }

    [Fact]
    public void TheStrokeKeepsPointsAtLeastAStepApartInDrawingOrder()
    {
        var stroke = new StrokeCollector();
        stroke.Add(new AffectPoint(0, 0));
        stroke.Add(new AffectPoint(0.005f, 0.005f));   // jitter: dropped
        stroke.Add(new AffectPoint(0, 0.05f));
        stroke.Add(new AffectPoint(0, 0.05f));         // resting: dropped
        stroke.Add(new AffectPoint(float.NaN, 0.5f));  // not a point: dropped
        stroke.Add(new AffectPoint(0.3f, 0.3f));

        Assert.Equal([new AffectPoint(0, 0), new AffectPoint(0, 0.05f), new AffectPoint(0.3f, 0.3f)], stroke.Points.ToArray());
        Assert.Equal(3, stroke.ToProfile()!.Length);
        for (int i = 0; i < 1000; i++)
        {
            stroke.Add(new AffectPoint(-1 + (i * 0.002f), 0.3f));
        }
        Assert.InRange(stroke.Count, 80, 105);
        stroke.Clear();
        stroke.Add(new AffectPoint(0.5f, 0.5f));
        Assert.Null(stroke.ToProfile());
    }

    [Fact]
    public void PArmsThePressStartsTheStrokeAndTheReleaseHandsBackItsProfile()
    {
        var drawing = new ProfileDrawing();
        drawing.Press(new AffectPoint(0, 0));
        Assert.Equal(DrawingPhase.Off, drawing.Phase);   // the button means nothing before P

        drawing.Arm();
        drawing.Move(new AffectPoint(0.9f, 0.9f));        // moving before the press draws nothing
        drawing.Press(new AffectPoint(-0.5f, -0.5f));
        drawing.Move(new AffectPoint(0, 0));
        AffectPoint[]? profile = drawing.Release(new AffectPoint(0.5f, 0.5f), out bool tooShort);

        Assert.False(tooShort);
        Assert.Equal([new AffectPoint(-0.5f, -0.5f), new AffectPoint(0, 0), new AffectPoint(0.5f, 0.5f)], profile!);
        Assert.Equal(DrawingPhase.Drawn, drawing.Phase);
        Assert.False(drawing.IsDrawing);
        Assert.Equal(3, drawing.Line.Length);   // the line stays shown after the release...
        drawing.Arm();
        Assert.Equal(0, drawing.Line.Length);   // ...until the next P
    }

    [Fact]
    public void EscWhileDrawingCancelsAndAClickWithoutAStrokeIsTooShort()
    {
        var drawing = new ProfileDrawing();
        drawing.Arm();
        drawing.Press(new AffectPoint(0, 0));
        drawing.Move(new AffectPoint(0.5f, 0));
        Assert.True(drawing.IsDrawing);
        drawing.Cancel();
        Assert.Equal(DrawingPhase.Off, drawing.Phase);
        Assert.Equal(0, drawing.Line.Length);
        Assert.Null(drawing.Release(new AffectPoint(0.5f, 0.5f), out bool afterCancel));
        Assert.False(afterCancel);

        drawing.Arm();
        drawing.Press(new AffectPoint(0.2f, 0.2f));
        Assert.Null(drawing.Release(new AffectPoint(0.2f, 0.2f), out bool tooShort));
        Assert.True(tooShort);
        Assert.Equal(DrawingPhase.Off, drawing.Phase);
    }

    [Fact]
    public async Task TheSearchRunsOffTheCallingThreadAndItsResultOrErrorIsShown()
    {
        // The search waits for the caller: had Start run it on the calling thread (the render thread), Start would not
        // return before the wait timed out, and the status would no longer say it is searching.
        using var go = new ManualResetEventSlim();
        var notes = new List<string>();
        var runner = new ProfileSearchRunner(profile =>
        {
            go.Wait(TimeSpan.FromSeconds(10));
            return profile.Count > 2 ? throw new InvalidOperationException("the catalog went away") : [new Suggestion("/music/rise.wav", 0.1)];
        }, note => { lock (notes) { notes.Add(note); } });

        runner.Start([new AffectPoint(0, 0), new AffectPoint(1, 1)]);
        Assert.Equal(ProfileSearchRunner.SearchingNote, runner.Status!.Note);
        go.Set();
        await runner.Running;
        Assert.Null(runner.Status!.Note);
        Assert.Equal("/music/rise.wav", Assert.Single(runner.Status.Matches).Path);

        runner.Start([new AffectPoint(0, 0), new AffectPoint(0.5f, 0.5f), new AffectPoint(1, 1)]);
        await runner.Running;
        Assert.Equal("the profile search failed: the catalog went away", runner.Status!.Note);
        Assert.Contains("the profile search failed: the catalog went away", notes);
    }

    [Fact]
    public async Task ASearchThatEndsAfterItsDrawingWasCancelledIsDropped()
    {
        using var release = new ManualResetEventSlim();
        var runner = new ProfileSearchRunner(_ =>
        {
            release.Wait();
            return [new Suggestion("/music/late.wav", 0.2)];
        });

        runner.Start([new AffectPoint(0, 0), new AffectPoint(1, 1)]);
        Assert.Equal(ProfileSearchRunner.SearchingNote, runner.Status!.Note);
        runner.Clear();
        release.Set();
        await runner.Running;

        Assert.Null(runner.Status);
        Assert.False(new ProfileSearchRunner(null).CanSearch);
    }
}
