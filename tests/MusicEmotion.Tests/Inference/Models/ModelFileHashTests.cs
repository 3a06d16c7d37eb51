using System.Security.Cryptography;
using System.Text;
using MusicEmotion.Inference.Models;

namespace MusicEmotion.Tests.Inference.Models;

/// <summary>
/// The model hash written here against the platform's SHA-256 (OpenSSL on Linux), an independent implementation,
/// on every length across the padding's one-block/two-block boundary and on the shipped models.
/// </summary>
public sealed class ModelFileHashTests
{
    [Fact]
    public void MatchesThePublishedTestVectors()
    {
        // FIPS 180-4's examples (NIST's "SHA256.pdf"): "abc" and the two-block 448-bit message.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Convert.ToHexStringLower(ModelFileHash.Hash("abc"u8)));
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            Convert.ToHexStringLower(ModelFileHash.Hash(Encoding.ASCII.GetBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))));
    }

    [Fact]
    public void MatchesThePlatformsSha256AtEveryLengthAroundTheBlocks()
    {
        var random = new Random(180);
        byte[] data = new byte[1000];
        random.NextBytes(data);
        for (int length = 0; length <= 300; length++)
        {
            Assert.True(SHA256.HashData(data.AsSpan(0, length)).AsSpan().SequenceEqual(ModelFileHash.Hash(data.AsSpan(0, length))), $"length {length}");
        }
        Assert.Equal(SHA256.HashData(data), ModelFileHash.Hash(data));
    }

    [Fact]
    public void TheShippedModelsHashAsTheirCardsSay()
    {
        string[] models = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models"), "*.onnx");
        Assert.NotEmpty(models);
        foreach (string onnx in models)
        {
            Assert.Equal(ModelCatalog.Describe(onnx).Card!.Sha256, ModelCatalog.Sha256(onnx));
        }
    }
}
