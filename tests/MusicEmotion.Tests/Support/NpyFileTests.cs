using MusicEmotion.Features;

namespace MusicEmotion.Tests.Support;

public sealed class NpyFileTests
{
    [Fact]
    public void WriteThenReadRoundTripsShapeAndValues()
    {
        float[] values = [1f, -2.5f, float.Epsilon, 3e38f, 0f, 7f];
        using var stream = new MemoryStream();
        NpyFile.Write(stream, values, 2, 3);
        Assert.Equal(0, (stream.Length - values.Length * 4) % 64);
        stream.Position = 0;
        var array = NpyFile.Read(stream, "memory");
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(values, array.Data);
        Assert.Equal([0f, 7f], array.Row(1)[1..].ToArray());
    }

    [Fact]
    public void RejectsAFileThatIsNotNpy()
    {
        using var stream = new MemoryStream("RIFF....WAVE"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream, "song.npy"));
        Assert.StartsWith("song.npy:", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ReadsTheReferenceLogMel()
    {
        string dir = Requires.ReferenceData();
        var array = NpyFile.Read(Path.Combine(dir, "sad.logmel.npy"));
        Assert.Equal([24, 128, 44], array.Shape);
        Assert.All(array.Data, v => Assert.True(float.IsFinite(v) && v >= 0));
    }
}

public sealed class NpyRowWriterTests
{
    [Fact]
    public void RowsAppendedOneByOneReadBackWithTheirCount()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rows-{Guid.NewGuid():N}.npy");
        try
        {
            using (var writer = new NpyRowWriter(path, 2, 3))
            {
                writer.Append([1, 2, 3, 4, 5, 6]);
                writer.Append([7, 8, 9, 10, 11, 12]);
            }
            var array = NpyFile.Read(path);
            Assert.Equal([2, 2, 3], array.Shape);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => (float)i), array.Data);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
