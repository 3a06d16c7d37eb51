namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// The wFormatTag codes of a WAVE <c>fmt </c> chunk that matter here: the two the managed decoder reads, the
/// extensible wrapper, and the names of common codecs so an error can say what the file actually holds.
/// </summary>
public static class WavFormatTag
{
    public const ushort Pcm = 0x0001;
    public const ushort IeeeFloat = 0x0003;

    /// <summary>WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.</summary>
    public const ushort Extensible = 0xFFFE;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [Pcm] = "PCM",
        [0x0002] = "Microsoft ADPCM",
        [IeeeFloat] = "IEEE float",
        [0x0006] = "A-law",
        [0x0007] = "mu-law",
        [0x0011] = "IMA ADPCM",
        [0x0031] = "GSM 6.10",
        [0x0050] = "MPEG",
        [0x0055] = "MPEG Layer 3",
        [0x00FF] = "AAC",
        [0x0161] = "Windows Media Audio",
        [0x2000] = "Dolby AC-3",
        [0xF1AC] = "FLAC",
        [Extensible] = "extensible",
    };

    /// <summary>"0x0055 (MPEG Layer 3)", or just the hex code for a tag without a known name.</summary>
    public static string Describe(ushort tag) =>
        Names.TryGetValue(tag, out string? name) ? $"0x{tag:X4} ({name})" : $"0x{tag:X4}";
}
