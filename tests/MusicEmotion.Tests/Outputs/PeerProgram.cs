using MusicEmotion.Native;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Outputs;

/// <summary>The independent programs the wire-format tests talk to, where they are and how to run them.</summary>
internal static class PeerProgram
{
    private const string MsgpackJavaScriptVersion = "3.1.3";

    private static readonly Lazy<string?> Node = new(() => ExternalProgram.FindOnPath("node"));

    public static string PeersDirectory { get; } = Path.Combine(ReferencePaths.RepositoryRoot, "tools", "peers");

    /// <summary>The unpacked npm package, where tools/setup.d/30-peers.sh puts it.</summary>
    public static string MsgpackJavaScriptPackage { get; } =
        Path.Combine(NativeLibraries.CacheDirectory, "peers", $"msgpack-javascript-{MsgpackJavaScriptVersion}");

    public static void RequirePythonMsgpack() => Python.Require("msgpack");

    /// <summary>Returns the node executable, once the npm MessagePack package is in the cache.</summary>
    public static string RequireNodeMsgpack()
    {
        Requires.That(Node.Value is not null, "node on PATH");
        Requires.That(
            File.Exists(Path.Combine(MsgpackJavaScriptPackage, "dist.cjs", "index.cjs")),
            $"@msgpack/msgpack {MsgpackJavaScriptVersion} in {MsgpackJavaScriptPackage} (run tools/setup.d/30-peers.sh)");
        return Node.Value!;
    }
}
