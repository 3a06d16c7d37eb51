using System.Diagnostics;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser.Imaging;

namespace MusicEmotion.Tests.Cli;

/// <summary>render and view as a user runs them: a PNG with the track drawn, offscreen; a recording in a real window.</summary>
[Collection(DisplayCollection.Name)]
public sealed class RenderAndViewCommandTests(DisplayFixture display) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void RenderDrawsTheWholeTrackIntoAPngWithoutADisplay()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string png = _folder.File("track.png");
        var environment = new Dictionary<string, string> { ["DISPLAY"] = "" };
        CliResult result = CliProcess.Run(environment,
            ["render", "--input", models.Track("frantic"), "--out", png, "--width", "960", "--height", "540", .. CliProcess.Models(models)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("24 readings", result.Stderr, StringComparison.Ordinal);

        RgbaImage image = PngReader.Read(png);
        Assert.Equal((960, 540), (image.Width, image.Height));
        // The circle sits in the left part; the trail of 24 readings lights up far more of it than the backdrop.
        int bright = 0;
        for (int y = 40; y < 500; y += 2)
        {
            for (int x = 100; x < 600; x += 2)
            {
                var (r, g, b, _) = image[x, y];
                bright += Math.Max(r, Math.Max(g, b)) > 150 ? 1 : 0;
            }
        }
        Assert.True(bright > 200, $"only {bright} bright pixels in the circle: is the trail drawn? ({png})");
    }

    [SkippableFact]
    public void RenderWithoutTheRequiredOptionsIsBadUsage()
    {
        CliResult result = CliProcess.Run("render", "--out", _folder.File("x.png"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--input", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ViewReplaysARecordingInAWindowAndStopsCleanly()
    {
        display.Require();
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("love_theme", 4, _folder);
        string recording = _folder.File("set.msgpack");
        Assert.Equal(0, CliProcess.Run(["analyze", audio, "-f", "jsonl", "--record", recording, .. CliProcess.Models(models)]).ExitCode);

        using Process view = CliProcess.Start(new Dictionary<string, string> { ["DISPLAY"] = display.Display! }, "view", recording, "--fast");
        Task<string> stderr = view.StandardError.ReadToEndAsync();
        // Let it open the window and draw the replay, then stop it as Ctrl+C would.
        bool endedEarly = view.WaitForExit(4000);
        Assert.False(endedEarly, endedEarly ? $"view ended on its own: {stderr.Result}" : "");
        Process.Start("kill", ["-INT", view.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!view.WaitForExit(15_000))
        {
            view.Kill(entireProcessTree: true);
            Assert.Fail("view did not stop after SIGINT");
        }
        Assert.True(view.ExitCode == 0, $"exit {view.ExitCode}: {stderr.Result}");
    }

    [SkippableFact]
    public void LiveWithTheViewShowsAFileThroughTheLivePathAndRecordsIt()
    {
        display.Require();
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("knalgan_theme", 3, _folder);
        string recording = _folder.File("live.msgpack");
        CliResult result = CliProcess.Run(
            new Dictionary<string, string> { ["DISPLAY"] = display.Display! },
            ["live", "--input", audio, "--view", "--duration", "5", "--format", "jsonl", "--record", recording, .. CliProcess.Models(models)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(6, result.StdoutLines.Length);
        Assert.True(new FileInfo(recording).Length > 0);
    }

    [SkippableFact]
    public void LiveWithTheViewPrintsItsStatsEveryPeriodAndOnSignalAsWithoutIt()
    {
        display.Require();
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("sad", 2, _folder);
        // No --stats: every stats block on stderr is printed while the window runs, by the period or by SIGUSR1.
        using var live = LiveCli.Start(
            new Dictionary<string, string?> { ["DISPLAY"] = display.Display! },
            ["live", "--input", audio, "--loop", "--view", "--stats-every", "1", "--format", "jsonl", .. CliProcess.Models(models)]);
        live.WaitForStderrLines("live stats after", 2, TimeSpan.FromMinutes(2));
        live.Signal("USR1");
        live.WaitForStderrLines("live stats after", 3, TimeSpan.FromMinutes(2));
        live.Signal("INT");
        live.WaitForExit(TimeSpan.FromMinutes(2));

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.Contains("memory: managed heap", live.Stderr, StringComparison.Ordinal);
        Assert.NotEmpty(live.Stdout);
    }

    [SkippableFact]
    public void ViewWithoutADisplaySaysSoAndSuggestsRender()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string audio = models.Excerpt("sad", 2, _folder);
        string recording = _folder.File("set.msgpack");
        Assert.Equal(0, CliProcess.Run(["analyze", audio, "-f", "jsonl", "--record", recording, .. CliProcess.Models(models)]).ExitCode);
        CliResult result = CliProcess.Run(new Dictionary<string, string> { ["DISPLAY"] = "", ["WAYLAND_DISPLAY"] = "" }, "view", recording);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("render", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }
}
