using MusicEmotion.Native;
using MusicEmotion.Native.Sndfile;

namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// Decodes any format libsndfile reads (FLAC, OGG/Vorbis, Opus, MP3, AIFF, CAF, compressed WAV...) to interleaved
/// float, streaming as libsndfile does. Integer formats arrive scaled by 2^-(bits-1), like the managed WAV decoder,
/// so a 16-bit FLAC decodes to exactly the floats of the same 16-bit WAV.
/// </summary>
/// <remarks>
/// NaN and infinite samples (possible in float formats) are replaced by 0.0 and counted. A stream that breaks off
/// (a truncated or corrupt file) yields what libsndfile decoded before the break, then one
/// <see cref="AudioInputException"/> saying after how many frames and why.
/// </remarks>
public sealed class SndfileSource : IAudioSource
{
    private readonly SndfileReader _reader;

    private SndfileSource(string name, SndfileReader reader)
    {
        Name = name;
        _reader = reader;
        Format = new AudioFormat(reader.SampleRate, reader.Channels);
    }

    /// <summary>
    /// Opens <paramref name="path"/> with libsndfile. Every failure is an <see cref="AudioInputException"/>: a missing
    /// library (with install advice from <see cref="NativeLibraryMissingException"/>) or libsndfile's own reason.
    /// </summary>
    public static SndfileSource Open(string path)
    {
        try
        {
            SndfileReader reader = SndfileReader.Open(path);
            if (reader.SampleRate is < 1 or > AudioFormat.MaxSampleRate || reader.Channels < 1)
            {
                reader.Dispose();
                throw new AudioInputException(path,
                    $"{reader.SampleRate} Hz, {reader.Channels} channel(s); expected 1 to {AudioFormat.MaxSampleRate} Hz and at least one channel");
            }
            return new SndfileSource(path, reader);
        }
        catch (NativeLibraryMissingException e)
        {
            throw new AudioInputException(path, $"reading it needs libsndfile: {e.Message}", e);
        }
        catch (SndfileException e)
        {
            throw new AudioInputException(path, $"libsndfile cannot read it: {e.Message}", e);
        }
    }

    public string Name { get; }

    public AudioFormat Format { get; }

    public long? LengthInFrames => _reader.Frames;

    /// <summary>libsndfile's name for the container, e.g. "FLAC (Free Lossless Audio Codec)".</summary>
    public string ContainerName => _reader.ContainerName;

    /// <summary>libsndfile's name for the encoding, e.g. "Signed 16 bit PCM".</summary>
    public string EncodingName => _reader.EncodingName;

    public long NonFiniteSamplesReplaced { get; private set; }

    /// <summary>Sample frames handed out so far, for the error that says where decoding broke off.</summary>
    public long FramesRead { get; private set; }

    public int Read(Span<float> interleaved)
    {
        if (interleaved.Length < Format.Channels)
        {
            throw new ArgumentException(
                $"the buffer holds {interleaved.Length} floats, less than one frame of {Format.Channels}", nameof(interleaved));
        }
        long frames;
        try
        {
            frames = _reader.ReadFrames(interleaved);
        }
        catch (SndfileException e)
        {
            throw new AudioInputException(Name, $"decoding failed after {FramesRead} sample frames: {e.Message.Trim()}", e);
        }
        FramesRead += frames;
        int written = (int)frames * Format.Channels;
        NonFiniteSamplesReplaced += NonFiniteSamples.Replace(interleaved[..written]);
        return written;
    }

    public void Dispose() => _reader.Dispose();
}
