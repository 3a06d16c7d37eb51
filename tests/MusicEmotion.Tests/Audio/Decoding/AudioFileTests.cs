using MusicEmotion.Audio;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Native;
using MusicEmotion.Native.Sndfile;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Audio.Decoding;

/// <summary>
/// <see cref="AudioFile"/> routes by content; the libsndfile path is checked against files the real sox encoded
/// from a known signal, sample by sample.
/// </summary>
public sealed class AudioFileTests(ITestOutputHelper output) : IDisposable
{
    private const int Rate = 44100;

    /// <summary>
    /// Perceptual codecs re-synthesise noise rather than keep it, and the test signal's noise sits 24 dB below it,
    /// so a working decoder lands near -30 dB (measured: Vorbis q6 -30.3, MP3 320k -33.6); a wrong scale, swapped
    /// channels or a misalignment gives 0 dB or worse.
    /// </summary>
    private const double LossyLimitDb = -25;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WavNeedsNoNativeLibrary()
    {
        string path = _folder.Write("song.wav", TestWav.Pcm16(Rate, 1, [1, 2, 3]));
        using IAudioSource source = AudioFile.Open(path, WavInputErrorTests.MissingSndfile);
        Assert.IsType<WavFileSource>(source);
        Assert.Equal([1 / 32768f, 2 / 32768f, 3 / 32768f], TestWav.ReadAll(source));
    }

    [Fact]
    public void AFlacWithoutLibsndfileSaysWhatToInstall()
    {
        string path = _folder.Write("song.flac", [.. "fLaC"u8, 0, 0, 0, 34, .. new byte[34]]);
        WavInputErrorTests.AssertProblem(
            () => AudioFile.Open(path, WavInputErrorTests.MissingSndfile), path,
            "reading FLAC needs libsndfile: native library 'sndfile' not found: install libsndfile");
    }

    [SkippableFact]
    public void Flac16IsExactlyTheWavItWasEncodedFrom() => AssertLossless("flac", bits: 16);

    [SkippableFact]
    public void Flac24IsExactlyTheWavItWasEncodedFrom() => AssertLossless("flac", bits: 24);

    [SkippableFact]
    public void AiffIsExactlyTheWavItWasEncodedFrom() => AssertLossless("aiff", bits: 16);

    [SkippableFact]
    public void OggVorbisDecodesCloseToItsSource()
    {
        (float[] source, float[] decoded, SndfileSource file) = Encode("ogg", "-C", "6");
        Assert.Contains("OGG", file.ContainerName, StringComparison.Ordinal);
        Assert.Equal(source.Length, decoded.Length);
        double error = Signals.ErrorDb(decoded, source);
        output.WriteLine($"OGG Vorbis q6 vs source: {error:F1} dB");
        Assert.True(error < LossyLimitDb, $"Vorbis error {error:F1} dB");
    }

    [SkippableFact]
    public void Mp3DecodesCloseToItsSource()
    {
        (float[] source, float[] decoded, SndfileSource file) = Encode("mp3", "-C", "320");
        Assert.Contains("MPEG", file.ContainerName, StringComparison.Ordinal);
        // The MP3 stream carries an encoder delay; line the decoded signal up with the source before comparing.
        int delay = BestLag(source, decoded, maxLag: 4000);
        int length = Math.Min(source.Length, decoded.Length - 2 * delay);
        double error = Signals.ErrorDb(decoded.AsSpan(2 * delay, length), source.AsSpan(0, length));
        output.WriteLine($"MP3 320k vs source: {error:F1} dB after a lag of {delay} frames");
        Assert.True(error < LossyLimitDb, $"MP3 error {error:F1} dB");
    }

    [SkippableFact]
    public void CompressedWavGoesToLibsndfile()
    {
        (float[] source, float[] decoded, SndfileSource file) = Encode("wav", "-e", "mu-law");
        Assert.Contains("u-law", file.EncodingName, StringComparison.OrdinalIgnoreCase);
        double error = Signals.ErrorDb(decoded, source);
        output.WriteLine($"mu-law WAV vs source: {error:F1} dB");
        Assert.True(error < -30, $"mu-law error {error:F1} dB");
    }

    [SkippableFact]
    public void ACorruptFlacIsAOneLineError()
    {
        RequireSndfile();
        string path = _folder.Write("broken.flac", [.. "fLaC"u8, .. Enumerable.Range(0, 200).Select(i => (byte)(i * 31))]);
        WavInputErrorTests.AssertProblem(() => AudioFile.Open(path), path, "libsndfile cannot read it: ");
    }

    [SkippableFact]
    public void ATruncatedFlacDeliversWhatIsThereThenSaysWhereItBroke()
    {
        (float[] source, _, _) = Encode("flac", "-b", "16");
        byte[] whole = File.ReadAllBytes(_folder.File("encoded.flac"));
        string path = _folder.Write("cut.flac", whole[..(whole.Length * 6 / 10)]);
        var decoded = new List<float>();
        using IAudioSource file = AudioFile.Open(path);
        AudioInputException error = TestWav.ReadUntilFailure(file, decoded);
        output.WriteLine(error.Message);
        Assert.InRange(decoded.Count, source.Length / 4, source.Length - 1);
        Assert.True(source.AsSpan(0, decoded.Count).SequenceEqual(decoded.ToArray()), "the frames before the break differ");
        Assert.StartsWith($"{path}: decoding failed after {decoded.Count / 2} sample frames: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [SkippableFact]
    public void ATextFileIsNotAudioForLibsndfileEither()
    {
        RequireSndfile();
        string path = _folder.Write("notes.wav", "Hello, this is not audio.\n"u8.ToArray());
        WavInputErrorTests.AssertProblem(
            () => AudioFile.Open(path), path,
            "not a recognised audio file: it starts with 'Hello, t', and libsndfile cannot read it: ");
    }

    [SkippableFact]
    public void ReportsTheLibraryVersion()
    {
        RequireSndfile();
        Assert.StartsWith("libsndfile-1.", SndfileReader.Version, StringComparison.Ordinal);
    }

    private static void RequireSndfile() =>
        Requires.That(NativeLibraries.IsAvailable(NativeLibraries.Sndfile), "libsndfile (apt install libsndfile1)");

    private void AssertLossless(string extension, int bits)
    {
        (float[] source, float[] decoded, SndfileSource file) = Encode(extension, "-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine($"{file.ContainerName}, {file.EncodingName}");
        Assert.Equal(source.Length, decoded.Length);
        Assert.True(source.AsSpan().SequenceEqual(decoded), $"{extension} {bits}-bit differs from its source");
    }

    /// <summary>
    /// Writes a 2 s stereo test signal as a WAV (16-bit, or 24-bit when asked), has sox encode it with
    /// <paramref name="soxOptions"/>, and decodes both: the WAV with the managed decoder, the result via AudioFile.
    /// </summary>
    private (float[] Source, float[] Decoded, SndfileSource File) Encode(string extension, params string[] soxOptions)
    {
        RequireSndfile();
        Requires.That(Sox.IsInstalled, "sox with libsox-fmt-all (apt install sox libsox-fmt-all)");
        bool wide = soxOptions.SequenceEqual(["-b", "24"]);
        string wav = _folder.Write("source.wav", wide ? Wav24(TestSignal()) : TestWav.Pcm16(Rate, 2, TestSignal()));
        string encoded = _folder.File("encoded." + extension);
        Sox.Run([wav, .. soxOptions, encoded]);
        float[] source;
        using (WavFileSource reference = WavFileSource.Open(wav))
        {
            source = TestWav.ReadAll(reference);
        }
        IAudioSource opened = AudioFile.Open(encoded);
        var file = Assert.IsType<SndfileSource>(opened);
        using (file)
        {
            Assert.Equal(new AudioFormat(Rate, 2), file.Format);
            return (source, TestWav.ReadAll(file), file);
        }
    }

    /// <summary>Two seconds of two tones per channel plus a little noise, at about -10 dBFS, as int16.</summary>
    private static short[] TestSignal()
    {
        float[] left = Signals.Sine(440, Rate, 2 * Rate, 0.25);
        float[] right = Signals.Sine(1234.5, Rate, 2 * Rate, 0.25);
        float[] high = Signals.Sine(9000, Rate, 2 * Rate, 0.05);
        float[] noise = Signals.Noise(2 * Rate, seed: 7, amplitude: 0.02);
        var samples = new short[4 * Rate];
        for (int n = 0; n < 2 * Rate; n++)
        {
            samples[2 * n] = (short)Math.Round((left[n] + high[n] + noise[n]) * 32767);
            samples[2 * n + 1] = (short)Math.Round((right[n] - high[n] + noise[n]) * 32767);
        }
        return samples;
    }

    /// <summary>The same signal as 24-bit PCM with low bits set, so a 16-bit shortcut would show.</summary>
    private static byte[] Wav24(short[] samples) =>
        TestWav.Riff(
            TestWav.Chunk("fmt ", TestWav.Format(WavFormatTag.Pcm, 2, Rate, 24)),
            TestWav.Chunk("data", TestWav.Int24Bytes(samples.Select((s, i) => (s << 8) | (i & 0xFF)).ToArray())));

    /// <summary>The lag in frames at which <paramref name="delayed"/> best matches <paramref name="source"/>.</summary>
    private static int BestLag(float[] source, float[] delayed, int maxLag)
    {
        int best = 0;
        double bestScore = double.MinValue;
        for (int lag = 0; lag <= maxLag; lag++)
        {
            double score = 0;
            for (int i = 0; i < 20000 && 2 * (i + lag) < delayed.Length; i++)
            {
                score += source[2 * (i + 4000)] * delayed[2 * (i + 4000 + lag)];
            }
            if (score > bestScore)
            {
                (best, bestScore) = (lag, score);
            }
        }
        return best;
    }
}
