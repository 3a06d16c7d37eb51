using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using MusicEmotion.Inference;
using MusicEmotion.Outputs.Api;
using MusicEmotion.Outputs.Osc;
using MusicEmotion.Outputs.Recording;

namespace MusicEmotion.Benchmarks.Outputs;

/// <summary>
/// What each output sink costs per reading, on its own task: the OSC bundle (ten messages with smoothing) sent over
/// loopback UDP, the recording's map written to the operating system, and the API's JSON encode and hand-off.
/// </summary>
[MemoryDiagnoser]
public class OutputSinkBenchmarks
{
    private readonly EmotionReading[] _readings = [.. Enumerable.Range(0, 64).Select(BenchmarkReadings.Reading)];
    private Socket? _receiver;
    private OscSink? _osc;
    private string _recordingPath = "";
    private RecordingSink? _recording;
    private ApiSink? _api;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _osc = new OscSink([new OscEndpoint("127.0.0.1", ((IPEndPoint)_receiver.LocalEndPoint!).Port)], new OscSinkOptions { SmoothingSeconds = 1 });
        _osc.Start(BenchmarkReadings.Session);
        _recordingPath = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.msgpack");
        _recording = RecordingSink.Create(_recordingPath);
        _recording.Start(BenchmarkReadings.Session);
        _api = new ApiSink();
        _api.Start(BenchmarkReadings.Session);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _osc?.Dispose();
        _receiver?.Dispose();
        _recording?.Dispose();
        File.Delete(_recordingPath);
    }

    [Benchmark]
    public void OscBundle() => _osc!.Write(_readings[_next++ & 63]);

    [Benchmark]
    public void RecordingMap() => _recording!.Write(_readings[_next++ & 63]);

    [Benchmark]
    public void ApiJson() => _api!.Write(_readings[_next++ & 63]);
}
