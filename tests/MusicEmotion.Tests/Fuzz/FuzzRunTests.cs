namespace MusicEmotion.Tests.Fuzz;

/// <summary>How the fuzz runner judges time: an input over the bound is timed again, and only a second overrun is a hang.</summary>
public sealed class FuzzRunTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void AnInputSlowOnlyOnceIsAStallAndOneSlowEveryTimeIsAHang()
    {
        // Twenty seeds, tried in order and unmutated; the bounds apply from the sixteenth input on (warm-up).
        const byte stalledOnce = 17, alwaysSlow = 18;
        bool stalled = false;
        var target = new FuzzTarget
        {
            Name = "timing",
            Reads = "nothing: a stand-in parser that sleeps on two inputs",
            Seeds = () => [.. Enumerable.Range(0, 20).Select(i => new[] { (byte)i })],
            Run = input =>
            {
                if (input[0] == alwaysSlow || (input[0] == stalledOnce && !stalled))
                {
                    stalled |= input[0] == stalledOnce;
                    Thread.Sleep(Bound * 3);
                }
                return "parsed";
            },
            Errors = [],
            AllocationCap = _ => long.MaxValue,
            TimeBound = Bound,
        };

        FuzzReport report = FuzzRun.Run(target, inputs: 20, seed: 1);

        FuzzFinding hang = Assert.Single(report.Findings);
        Assert.Equal("hang", hang.Kind);
        Assert.Equal([alwaysSlow], hang.Input);
        Assert.Contains("timed again", hang.Detail, StringComparison.Ordinal);
        Assert.True(report.SlowOnce >= 1, $"slow once: {report.SlowOnce}");
    }
}
