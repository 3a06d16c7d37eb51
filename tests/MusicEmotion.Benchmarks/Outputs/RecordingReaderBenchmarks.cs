using BenchmarkDotNet.Attributes;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Diagnostics;

namespace MusicEmotion.Benchmarks.Outputs;

/// <summary>Reading back an hour of recording (7 200 readings) for replay or export.</summary>
[MemoryDiagnoser]
public class RecordingReaderBenchmarks
{
    private byte[] _hour = [];

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        using var sink = new RecordingSink(stream, "hour.msgpack");
        sink.Start(BenchmarkReadings.Session);
        for (int seq = 0; seq < 7_200; seq++)
        {
            sink.Write(BenchmarkReadings.Reading(seq));
        }
        sink.Complete(new SessionSummary { Counters = new PipelineCounters(), Latency = new LatencyReport() });
        _hour = stream.ToArray();
    }

    [Benchmark]
    public int ReadAnHour() => RecordingReader.Read(_hour, "hour.msgpack").ReadingCount;
}
