using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Tests.Native;

/// <summary>
/// The 1.32 managed binding asks the native library for C API version 31; a library too old for it is refused in one
/// line that names the file, before the binding fails without naming it (onnxruntime-node 1.30's DirectML build was such a library).
/// </summary>
public sealed class OnnxRuntimeVersionTests
{
    [Theory]
    [InlineData("1.31.1")]
    [InlineData("1.32.0")]
    [InlineData("2.0.0")]
    public void ALibraryWithTheApiVersionOrNewerIsAccepted(string version) =>
        OnnxRuntimeLibrary.EnsureApiVersion(version, "onnxruntime.dll");

    [Theory]
    [InlineData("1.30.0")]
    [InlineData("1.9.0")]
    [InlineData("garbage")]
    public void AnOlderLibraryIsOneLineNamingTheFileAndWhatIsNeeded(string version)
    {
        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntimeLibrary.EnsureApiVersion(version, @"C:\cache\onnxruntime.dll"));

        Assert.StartsWith($@"C:\cache\onnxruntime.dll is ONNX Runtime {version}, older than this build's binding (1.32.0) accepts:", error.Message, StringComparison.Ordinal);
        Assert.Contains("C API version 31, ONNX Runtime 1.31 or later", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
