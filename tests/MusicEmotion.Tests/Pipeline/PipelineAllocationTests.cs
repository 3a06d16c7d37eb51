using MusicEmotion.Inference;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sources;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Pipeline;

/// <summary>
/// The whole per-frame path — decode, resample, frame, features, engine, forecast, hand-offs between the stage
/// threads, a sink — allocates nothing per frame once warm: a long file costs no more managed memory than a short
/// one. Measured process-wide, because the stages run on several threads.
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed class PipelineAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task ALongFileAllocatesNoMoreThanAShortOne()
    {
        string shortFile = _fixture.Wav("short.wav", 60);
        string longFile = _fixture.Wav("long.wav", 600);
        using var engine = _fixture.LoadEngine();
        using var forecaster = new LinearTrendForecaster();
        await Run(shortFile, engine, forecaster);
        long shortBytes = await Run(shortFile, engine, forecaster);
        long longBytes = await Run(longFile, engine, forecaster);
        double perFrame = (longBytes - shortBytes) / 1080.0;
        output.WriteLine($"60 s: {shortBytes} B, 600 s: {longBytes} B, difference per frame {perFrame:F1} B");
        // Each session builds its frame pools, which grow to the most frames ever in flight at once (a few, bounded
        // by the channel capacities, ~90 kB each); which run sees one more in flight is up to the scheduler, so a
        // frame or two of pool growth may differ between runs: spread over 1080 frames, under 200 B a frame.
        // A real per-frame allocation, even one small object, costs at least 24 B every frame on top.
        Assert.InRange(perFrame, double.MinValue, 200);
    }

    private static async Task<long> Run(string wav, IEmotionEngine engine, IForecaster forecaster)
    {
        engine.Reset();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        using (var source = new FileFrameSource(wav))
        {
            var pipeline = new EmotionPipeline(new EmotionTracker(engine, forecaster), [new NullSink()], PipelineOptions.File);
            await pipeline.RunAsync(source, PipelineFixture.Session(wav, engine, forecaster), CancellationToken.None);
        }
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private sealed class NullSink : MusicEmotion.Pipeline.Sinks.IReadingSink
    {
        public string Name => "null";

        public void Start(SessionInfo session)
        {
        }

        public void Write(in EmotionReading reading)
        {
        }

        public void Complete(SessionSummary summary)
        {
        }
    }
}
