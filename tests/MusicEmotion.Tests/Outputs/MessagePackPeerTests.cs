using MusicEmotion.Outputs.MessagePack;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// Interoperability with two independent implementations: Python's msgpack and npm's @msgpack/msgpack decode
/// what our writer wrote, and our reader decodes what they wrote, value by value (tools/peers/ describes
/// each value as JSON; <see cref="PeerDescription"/> builds the same description from ours).
/// </summary>
public sealed class MessagePackPeerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("musicemotion-msgpack-").FullName;

    private static string PythonPeer => Path.Combine(PeerProgram.PeersDirectory, "msgpack_peer.py");

    private static string NodePeer => Path.Combine(PeerProgram.PeersDirectory, "msgpack_peer.cjs");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void PythonDecodesEveryValueWeWrite()
    {
        PeerProgram.RequirePythonMsgpack();
        List<MessagePackValue> values = [.. MessagePackSamples.All, .. MessagePackSamples.AnyKeyMaps];
        string file = Write("ours-for-python.msgpack", values);

        string json = ExternalProgram.Run(Python.Interpreter, PythonPeer, "decode", file);

        PeerDescription.AssertSame(values, json, javaScriptNumbers: false, "python msgpack");
    }

    [SkippableFact]
    public void JavaScriptDecodesEveryValueWeWrite()
    {
        string node = PeerProgram.RequireNodeMsgpack();
        string file = Write("ours-for-node.msgpack", MessagePackSamples.All);

        string json = ExternalProgram.Run(node, NodePeer, PeerProgram.MsgpackJavaScriptPackage, "decode", file);

        PeerDescription.AssertSame(MessagePackSamples.All, json, javaScriptNumbers: true, "@msgpack/msgpack");
    }

    [SkippableFact]
    public void WeReadEveryValuePythonWritesAndWriteTheSameBytes()
    {
        PeerProgram.RequirePythonMsgpack();
        string file = Path.Combine(_directory, "python.msgpack");

        string json = ExternalProgram.Run(Python.Interpreter, PythonPeer, "encode", file);
        byte[] theirs = File.ReadAllBytes(file);
        List<MessagePackValue> values = MessagePackBytes.ReadAll(theirs);

        PeerDescription.AssertSame(values, json, javaScriptNumbers: false, "python msgpack");
        // msgpack-python also picks the smallest format for every value, so writing back what we read must
        // give its bytes exactly: every format choice of ours agrees with an independent implementation.
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(MessagePackBytes.Encode(values)));
    }

    [SkippableFact]
    public void WeReadEveryValueJavaScriptWrites()
    {
        string node = PeerProgram.RequireNodeMsgpack();
        string file = Path.Combine(_directory, "node.msgpack");

        string json = ExternalProgram.Run(node, NodePeer, PeerProgram.MsgpackJavaScriptPackage, "encode", file);
        List<MessagePackValue> values = MessagePackBytes.ReadAll(File.ReadAllBytes(file));

        PeerDescription.AssertSame(values, json, javaScriptNumbers: true, "@msgpack/msgpack");
        Assert.Contains(values, v => v.Type == MessagePackType.Float && v.IsSingle);
    }

    private string Write(string name, IEnumerable<MessagePackValue> values)
    {
        string file = Path.Combine(_directory, name);
        File.WriteAllBytes(file, MessagePackBytes.Encode(values));
        return file;
    }
}
