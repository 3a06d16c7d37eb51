using MusicEmotion.Native;

namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// The one entry point for audio files: looks at the first bytes and picks the decoder. PCM and float WAV (RIFF,
/// RF64, BW64) go to the managed <see cref="WavFileSource"/>, so WAV works on a machine without any native library;
/// everything else (FLAC, OGG, MP3, AIFF, compressed WAV...) goes to libsndfile through <see cref="SndfileSource"/>.
/// </summary>
public static class AudioFile
{
    /// <summary>Opens <paramref name="path"/> for decoding; any problem is a one-line <see cref="AudioInputException"/>.</summary>
    public static IAudioSource Open(string path) =>
        Open(path, () => NativeLibraries.Load(NativeLibraries.Sndfile));

    /// <summary>
    /// <see cref="Open(string)"/> with the libsndfile check injected, so tests can see what a user without the
    /// library is told.
    /// </summary>
    internal static IAudioSource Open(string path, Action loadSndfile)
    {
        FileStream stream = AudioFilePath.OpenRead(path);
        Span<byte> start = stackalloc byte[AudioSignature.Length];
        bool handedOver = false;
        try
        {
            int got = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            start = start[..got];
            if (got == 0)
            {
                throw new AudioInputException(path, "the file is empty (0 bytes); expected audio");
            }
            if (WavHeaderParser.IsWavSignature(start))
            {
                stream.Position = 0;
                WavHeader header = WavHeaderParser.Parse(stream, path);
                if (header.FormatTag is WavFormatTag.Pcm or WavFormatTag.IeeeFloat)
                {
                    var wav = new WavFileSource(stream, path, header);
                    handedOver = true;
                    return wav;
                }
                return OpenWithSndfile(path, loadSndfile, $"{header.FormatDescription} is not PCM or IEEE float", "it");
            }
            string? format = AudioSignature.Identify(start);
            return format is null
                ? OpenWithSndfile(path, loadSndfile,
                    $"not a recognised audio file: it starts with {WavHeaderParser.Printable(start[..Math.Min(got, 8)])}", "other formats")
                : OpenWithSndfile(path, loadSndfile, problem: null, format);
        }
        finally
        {
            if (!handedOver)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>
    /// Hands the file to libsndfile. <paramref name="problem"/> is why the managed decoder passed (null when the
    /// format is simply one it does not read); <paramref name="what"/> names what needs the library in the advice.
    /// </summary>
    private static SndfileSource OpenWithSndfile(string path, Action loadSndfile, string? problem, string what)
    {
        string prefix = problem is null ? "" : problem + "; ";
        try
        {
            loadSndfile();
        }
        catch (NativeLibraryMissingException e)
        {
            throw new AudioInputException(path, $"{prefix}reading {what} needs libsndfile: {e.Message}", e);
        }
        try
        {
            return SndfileSource.Open(path);
        }
        catch (AudioInputException e) when (problem is not null)
        {
            throw new AudioInputException(path, $"{problem}, and {e.Problem}", e);
        }
    }
}
