namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// Names a file's format from its first bytes (never from its extension, which lies as often as not), so that
/// errors can say "reading FLAC needs libsndfile" rather than "cannot read song.flac".
/// </summary>
public static class AudioSignature
{
    /// <summary>How many leading bytes <see cref="Identify"/> looks at.</summary>
    public const int Length = 12;

    /// <summary>"WAV", "FLAC", "OGG", "MP3", "AIFF"... or null when the bytes open no audio format known here.</summary>
    public static string? Identify(ReadOnlySpan<byte> start)
    {
        if (WavHeaderParser.IsWavSignature(start))
        {
            return "WAV";
        }
        if (start.StartsWith("RIFX"u8))
        {
            return "big-endian WAV (RIFX)";
        }
        if (start.StartsWith("riff"u8))
        {
            return "Wave64";
        }
        if (start.StartsWith("fLaC"u8))
        {
            return "FLAC";
        }
        if (start.StartsWith("OggS"u8))
        {
            return "OGG";
        }
        if (start.StartsWith("FORM"u8) && start.Length >= 12 && (start[8..12].SequenceEqual("AIFF"u8) || start[8..12].SequenceEqual("AIFC"u8)))
        {
            return "AIFF";
        }
        if (start.StartsWith(".snd"u8))
        {
            return "Sun AU";
        }
        if (start.StartsWith("caff"u8))
        {
            return "CAF";
        }
        // An ID3 tag, or an MPEG audio frame sync (11 set bits) with layer III.
        if (start.StartsWith("ID3"u8) || (start.Length >= 2 && start[0] == 0xFF && (start[1] & 0xE6) == 0xE2))
        {
            return "MP3";
        }
        return null;
    }
}
