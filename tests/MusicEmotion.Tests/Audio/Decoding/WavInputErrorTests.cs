using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;

using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Decoding;

/// <summary>Every way a WAV file can be wrong gets one line naming the file and what was expected.</summary>
public sealed class WavInputErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnEmptyFileSaysItIsEmpty()
    {
        string path = _folder.Write("empty.wav", []);
        AssertProblem(() => WavFileSource.Open(path), path, "the file is empty (0 bytes)");
        AssertProblem(() => AudioFile.Open(path), path, "the file is empty (0 bytes)");
    }

    [Theory]
    [InlineData(8, "inside the 12-byte RIFF header")]
    [InlineData(16, "inside a chunk header")]
    [InlineData(30, "inside the 'fmt ' chunk")]
    [InlineData(40, "inside a chunk header")]
    public void ATruncatedHeaderSaysWhereTheFileEnds(int cutAt, string where)
    {
        byte[] whole = TestWav.Pcm16(44100, 1, [1, 2, 3]);
        string path = _folder.Write("cut.wav", whole[..cutAt]);
        AssertProblem(() => WavFileSource.Open(path), path, "truncated header", where);
        AssertProblem(() => AudioFile.Open(path), path, "truncated header", where);
    }

    [Fact]
    public void DataLongerThanTheFileDeliversEveryWholeFrameThenSaysWhatIsMissing()
    {
        short[] samples = Enumerable.Range(0, 2 * 600).Select(i => (short)(i * 13)).ToArray();
        byte[] data = [.. TestWav.Int16Bytes(samples), 0x12, 0x34];
        byte[] file = TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 2, 44100, 16)),
            TestWav.Chunk("data", data, declaredSize: 4000));
        string path = _folder.Write("short.wav", file);
        using IAudioSource source = AudioFile.Open(path);
        Assert.Equal(1000, source.LengthInFrames);
        var decoded = new List<float>();
        AudioInputException error = TestWav.ReadUntilFailure(source, decoded);
        Assert.Equal(samples.Select(s => s / 32768f), decoded);
        AssertOneLine(error, path, "promised 4000 bytes", "holds only 2402", "600 whole sample frames");
    }

    [Fact]
    public void AnUnknownFormatTagIsNamed()
    {
        byte[] file = TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(0x0055, 2, 44100, 0, blockAlign: 1)),
            TestWav.Chunk("data", new byte[64]));
        string path = _folder.Write("song.wav", file);
        AssertProblem(() => WavFileSource.Open(path), path, "format tag 0x0055 (MPEG Layer 3) is not PCM or IEEE float");
        AssertProblem(
            () => AudioFile.Open(path, MissingSndfile), path,
            "format tag 0x0055 (MPEG Layer 3) is not PCM or IEEE float; reading it needs libsndfile: native library 'sndfile' not found");
    }

    [Fact]
    public void AnUnknownExtensibleSubFormatIsNamed()
    {
        var guid = new Guid("00000001-0721-11d3-8644-c8c1ca000000");
        byte[] file = TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.ExtensibleFormat(guid, 4, 48000, 16, 16)),
            TestWav.Chunk("data", new byte[64]));
        string path = _folder.Write("ambisonic.wav", file);
        AssertProblem(() => WavFileSource.Open(path), path, $"extensible sub-format {{{guid}}} is not PCM or IEEE float");
    }

    [Fact]
    public void ZeroChannelsIsRejected()
    {
        string path = _folder.Write("none.wav", Header(TestWav.Format(WavFormatTag.Pcm, 0, 44100, 16, blockAlign: 2)));
        AssertProblem(() => AudioFile.Open(path), path, "declares 0 channels; expected at least 1");
    }

    [Fact]
    public void ZeroHertzIsRejected()
    {
        string path = _folder.Write("still.wav", Header(TestWav.Format(WavFormatTag.Pcm, 1, 0, 16)));
        AssertProblem(() => AudioFile.Open(path), path, "sample rate of 0 Hz");
    }

    [Fact]
    public void ABlockAlignThatDoesNotFitTheSamplesIsRejected()
    {
        string path = _folder.Write("skewed.wav", Header(TestWav.Format(WavFormatTag.Pcm, 2, 44100, 16, blockAlign: 3)));
        AssertProblem(() => AudioFile.Open(path), path, "block align of 3 bytes does not match 2 channel(s) of 16-bit samples; expected 4");
    }

    [Fact]
    public void UnsupportedSampleSizesAreNamed()
    {
        string pcm = _folder.Write("wide.wav", Header(TestWav.Format(WavFormatTag.Pcm, 1, 44100, 40)));
        AssertProblem(() => AudioFile.Open(pcm), pcm, "PCM with 40-bit samples is not supported; expected 8, 16, 24 or 32");
        string half = _folder.Write("half.wav", Header(TestWav.Format(WavFormatTag.IeeeFloat, 1, 44100, 16)));
        AssertProblem(() => AudioFile.Open(half), half, "IEEE float with 16-bit samples is not supported; expected 32 or 64");
    }

    [Fact]
    public void ATextFileNamedWavIsNotAudio()
    {
        string path = _folder.Write("notes.wav", "Hello, this is not audio.\n"u8.ToArray());
        AssertProblem(() => WavFileSource.Open(path), path, "not a WAV file: it starts with 'Hell'; expected 'RIFF', 'RF64' or 'BW64'");
        AssertProblem(() => AudioFile.Open(path, MissingSndfile), path, "not a recognised audio file: it starts with 'Hello, t'");
    }

    [Fact]
    public void APngNamedWavIsNotAudio()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8];
        string path = _folder.Write("cover.wav", png);
        AssertProblem(() => WavFileSource.Open(path), path, "not a WAV file: it starts with bytes 89504E47");
        AssertProblem(() => AudioFile.Open(path, MissingSndfile), path, "not a recognised audio file: it starts with bytes 89504E470D0A1A0A");
    }

    [Fact]
    public void ARiffFileOfAnotherKindIsNotWave()
    {
        string path = _folder.Write("clip.wav", [.. "RIFF"u8, 4, 0, 0, 0, .. "AVI "u8]);
        AssertProblem(() => AudioFile.Open(path), path, "RIFF file of type 'AVI ' is not WAVE audio");
    }

    [Fact]
    public void ADirectoryIsNotAFile()
    {
        AssertProblem(() => WavFileSource.Open(_folder.Path), _folder.Path, "is a directory; expected an audio file");
        AssertProblem(() => AudioFile.Open(_folder.Path), _folder.Path, "is a directory; expected an audio file");
    }

    [Fact]
    public void AMissingPathSaysSo()
    {
        string path = _folder.File("nowhere.wav");
        AssertProblem(() => AudioFile.Open(path), path, "no such file");
        string deeper = _folder.File(Path.Combine("gone", "song.wav"));
        AssertProblem(() => AudioFile.Open(deeper), deeper, "no such file (its folder does not exist)");
    }

    /// <summary>What a machine without libsndfile throws: the real exception type with its real install advice.</summary>
    internal static void MissingSndfile() =>
        throw new MusicEmotion.Native.NativeLibraryMissingException(
            MusicEmotion.Native.NativeLibraries.Sndfile, "install libsndfile for FLAC/OGG/MP3", ["libsndfile.so.1"]);

    internal static void AssertProblem(Func<IDisposable> open, string path, params string[] fragments)
    {
        var error = Assert.Throws<AudioInputException>(() => open().Dispose());
        AssertOneLine(error, path, fragments);
    }

    private static void AssertOneLine(AudioInputException error, string path, params string[] fragments)
    {
        Assert.Equal(path, error.Source);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }

    private static byte[] Header(byte[] format) =>
        TestWav.Riff(TestWav.Chunk("fmt ", format), TestWav.Chunk("data", new byte[16]));
}
