using MusicEmotion.Audio;
using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>The channel pipeline on real files, a real engine and real features: nothing lost, nothing stalled.</summary>
public sealed class EmotionPipelineTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task TheFilePathGivesTheSameReadingsAsRunningTheEngineDirectly()
    {
        string wav = _fixture.Wav("music.wav", 6.3);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var sink = new CollectingSink();
        var summary = await Run(wav, engine, forecaster, [sink]);

        Assert.Null(summary.Error);
        Assert.Equal(12, sink.Readings.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), sink.Readings.Select(r => r.Sequence));
        Assert.Equal((long)(0.3 * 44_100), summary.TailSamples);

        using var direct = _fixture.LoadEngine();
        float[] frames = ReferenceInputs.FromAudio(wav);
        var expected = new AffectPoint[12];
        direct.Run(frames, expected);
        Assert.Equal(expected, sink.Readings.Select(r => r.Point));
        Assert.All(sink.Readings, r => Assert.Equal(4, r.ForecastCount));
        Assert.Same(summary, sink.Summary);
        Assert.All(sink.Readings, r => Assert.True(r.Timeline.Published >= r.Timeline.Inferred && r.Timeline.Inferred >= r.Timeline.Featured));
        Assert.Equal(12, summary.Latency.EndToEnd.Count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task FeaturesOnSeveralCoresGiveTheSequentialReadingsInOrder(int workers)
    {
        // 61 frames: not a multiple of any worker count, so the last round is partial.
        string wav = _fixture.Wav("long.wav", 30.7);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var sequential = new CollectingSink();
        await Run(wav, engine, forecaster, [sequential], PipelineOptions.File with { FeatureWorkers = 1 });
        using var engine2 = _fixture.LoadEngine();
        var parallel = new CollectingSink();
        var summary = await Run(wav, engine2, forecaster, [parallel], PipelineOptions.File with { FeatureWorkers = workers });

        Assert.Null(summary.Error);
        Assert.Equal(61, parallel.Readings.Count);
        Assert.Equal(Enumerable.Range(0, 61).Select(i => (long)i), parallel.Readings.Select(r => r.Sequence));
        // Bit for bit: each frame's features depend on that frame alone, and the LSTM sees them in the same order.
        Assert.Equal(sequential.Readings.Select(r => (r.Point, r.Flags, r.Rms)), parallel.Readings.Select(r => (r.Point, r.Flags, r.Rms)));
        Assert.Equal(61, summary.Counters.Frames);
    }

    [Fact]
    public async Task AFailingSinkIsReportedAndTheOthersGetEverything()
    {
        string wav = _fixture.Wav("music.wav", 5);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var broken = new CollectingSink("broken", failAfter: 3);
        var healthy = new CollectingSink("healthy");
        var summary = await Run(wav, engine, forecaster, [broken, healthy]);

        Assert.Equal(10, healthy.Readings.Count);
        Assert.Equal(3, broken.Readings.Count);
        Assert.IsType<IOException>(summary.Counters.Sinks["broken"].Failure);
        Assert.Null(summary.Counters.Sinks["healthy"].Failure);
        Assert.Equal(10, summary.Counters.Sinks["healthy"].Delivered);
    }

    [Fact]
    public async Task OnTheLivePolicyASlowSinkLosesItsOldestReadingsAndStallsNothing()
    {
        string wav = _fixture.Wav("music.wav", 20);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var slow = new CollectingSink("slow", TimeSpan.FromMilliseconds(150));
        var fast = new CollectingSink("fast");
        // An unpaced file outruns the stages, so the upstream channels get room for the whole file: only the
        // sinks' channels are tight here.
        var options = PipelineOptions.Live with { AudioCapacity = 64, FeatureCapacity = 64, SinkCapacity = 2 };
        var summary = await Run(wav, engine, forecaster, [slow, fast], options);

        // Every reading is either delivered or counted as dropped, per sink; only the slow one must lose some.
        foreach (var sink in new[] { slow, fast })
        {
            Assert.Equal(40, sink.Readings.Count + summary.Counters.Sinks[sink.Name].Dropped);
        }
        Assert.True(summary.Counters.Sinks["slow"].Dropped > 0, "the slow sink should have lost readings");
        Assert.Equal(0, summary.Counters.AudioDrops + summary.Counters.FeatureDrops);
        // Dropping the oldest keeps the newest: the last reading always arrives.
        Assert.Equal(39, fast.Readings[^1].Sequence);
        Assert.Equal(39, slow.Readings[^1].Sequence);
    }

    [Fact]
    public async Task AnInputErrorMidwayKeepsEveryReadingMadeBeforeIt()
    {
        // 3.2 s of audio where the header promises 8 s: six whole frames, then the decoder's error.
        string whole = _fixture.Wav("whole.wav", 3.2);
        byte[] bytes = File.ReadAllBytes(whole);
        BitConverter.TryWriteBytes(bytes.AsSpan(40), (uint)(8 * 44_100 * 2));
        string truncated = _fixture.Folder.Write("truncated.wav", bytes);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var sink = new CollectingSink();
        var summary = await Run(truncated, engine, forecaster, [sink]);

        Assert.IsType<AudioInputException>(summary.Error);
        Assert.Contains("truncated.wav", summary.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(6, sink.Readings.Count);
        Assert.Same(summary, sink.Summary);
    }

    [Fact]
    public async Task CancellingStopsTheSourceButDeliversWhatWasAlreadyRead()
    {
        string wav = _fixture.Wav("long.wav", 60);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var sink = new CollectingSink(delay: TimeSpan.FromMilliseconds(20));
        using var cancel = new CancellationTokenSource();
        using var source = new FileFrameSource(wav);
        var pipeline = new EmotionPipeline(new EmotionTracker(engine, forecaster), [sink], PipelineOptions.File);
        Task<SessionSummary> run = pipeline.RunAsync(source, PipelineFixture.Session(wav, engine, forecaster), cancel.Token);
        while (sink.Readings.Count < 5)
        {
            await Task.Delay(10);
        }
        await cancel.CancelAsync();
        SessionSummary summary = await run;

        Assert.True(summary.Cancelled);
        Assert.Null(summary.Error);
        Assert.InRange(sink.Readings.Count, 5, 119);
        Assert.Equal(summary.Counters.Readings, sink.Readings.Count);
    }

    [Fact]
    public async Task ALongSilenceResetsTheStateAndSaysSo()
    {
        string wav = _fixture.Wav("gap.wav", 10, silenceFrom: 3, silenceTo: 7);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        var sink = new CollectingSink();
        await Run(wav, engine, forecaster, [sink]);

        var silent = sink.Readings.Where(r => (r.Flags & FrameFlags.Silence) != 0).Select(r => r.Sequence).ToArray();
        Assert.Equal(Enumerable.Range(6, 8).Select(i => (long)i), silent);
        var reset = Assert.Single(sink.Readings, r => (r.Flags & FrameFlags.StateReset) != 0);
        Assert.Equal(6 + 5, reset.Sequence);
    }

    private static async Task<SessionSummary> Run(
        string wav, IEmotionEngine engine, IForecaster forecaster, IEnumerable<CollectingSink> sinks, PipelineOptions? options = null)
    {
        using var source = new FileFrameSource(wav);
        var pipeline = new EmotionPipeline(new EmotionTracker(engine, forecaster), sinks, options ?? PipelineOptions.File);
        return await pipeline.RunAsync(source, PipelineFixture.Session(wav, engine, forecaster), CancellationToken.None);
    }
}
