using MusicEmotion.Inference;
using MusicEmotion.Outputs.Recording;
using MusicEmotion.Pipeline;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Recordings against two independent MessagePack implementations, each used the way a user's script would:
/// Python's msgpack and npm's @msgpack/msgpack read what the real pipeline recorded, value for value, and the
/// project reads recordings those scripts wrote from the documented layout alone (tools/peers/recording_peer.*).
/// </summary>
public sealed class RecordingPeerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static string PythonPeer => Path.Combine(PeerProgram.PeersDirectory, "recording_peer.py");

    private static string NodePeer => Path.Combine(PeerProgram.PeersDirectory, "recording_peer.cjs");

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void PythonReadsWhatThePipelineRecorded()
    {
        PeerProgram.RequirePythonMsgpack();
        var (file, sessions) = RecordPipelineAndSamples();

        string json = ExternalProgram.Run(Python.Interpreter, PythonPeer, "decode", file);

        RecordingJson.AssertDecodedAs(json, sessions);
    }

    [SkippableFact]
    public void JavaScriptReadsWhatThePipelineRecorded()
    {
        string node = PeerProgram.RequireNodeMsgpack();
        var (file, sessions) = RecordPipelineAndSamples();

        string json = ExternalProgram.Run(node, NodePeer, PeerProgram.MsgpackJavaScriptPackage, "decode", file);

        RecordingJson.AssertDecodedAs(json, sessions);
    }

    [SkippableFact]
    public void WeReadARecordingPythonWrote()
    {
        PeerProgram.RequirePythonMsgpack();
        string file = _folder.File("python.msgpack");

        string json = ExternalProgram.Run(Python.Interpreter, PythonPeer, "encode", file);

        RecordingJson.AssertReadAs(json, RecordingReader.Read(file));
    }

    [SkippableFact]
    public void WeReadARecordingJavaScriptWrote()
    {
        string node = PeerProgram.RequireNodeMsgpack();
        string file = _folder.File("node.msgpack");

        string json = ExternalProgram.Run(node, NodePeer, PeerProgram.MsgpackJavaScriptPackage, "encode", file);

        RecordingJson.AssertReadAs(json, RecordingReader.Read(file));
    }

    /// <summary>
    /// A recording of the real pipeline on a reference track, followed by a session of sample readings that holds
    /// what a track may not: frames without a reading, every flag, uneven forecasts.
    /// </summary>
    private (string File, (SessionInfo, IReadOnlyList<EmotionReading>)[] Sessions) RecordPipelineAndSamples()
    {
        using ReferenceModels models = ReferenceModels.Load();
        string file = _folder.File("pipeline.msgpack");
        var collected = new CollectingSink();
        using (var recorder = RecordingSink.Create(file))
        {
            models.Analyze(models.Track("sad"), recorder, collected);
            SessionInfo sample = SampleReadings.Session();
            IReadOnlyList<EmotionReading> readings = SampleReadings.Readings(15);
            recorder.Start(sample);
            foreach (EmotionReading reading in readings)
            {
                recorder.Write(reading);
            }
            return (file, [(collected.Sessions[0], collected.Readings), (sample, readings)]);
        }
    }
}
