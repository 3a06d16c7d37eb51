namespace MusicEmotion.Audio.Decoding;

/// <summary>How one sample is stored in a WAV file's data chunk, for the encodings the managed decoder reads.</summary>
public enum WavSampleEncoding
{
    /// <summary>8-bit PCM, unsigned with 128 as silence: (u - 128) / 128.</summary>
    UnsignedInt8,

    /// <summary>16-bit PCM: s / 2^15.</summary>
    SignedInt16,

    /// <summary>24-bit PCM packed in 3 bytes: s / 2^23.</summary>
    SignedInt24,

    /// <summary>32-bit PCM: s / 2^31.</summary>
    SignedInt32,

    Float32,
    Float64,
}

/// <summary>
/// What a WAV header says: the format from the <c>fmt </c> chunk and where the <c>data</c> chunk lies.
/// The parser fills in whatever the file declares; <see cref="TryGetEncoding"/> says whether the managed decoder
/// can read it, so a caller can hand a compressed WAV (ADPCM, A-law...) to libsndfile instead.
/// </summary>
public sealed record WavHeader
{
    /// <summary>
    /// The format code: for WAVE_FORMAT_EXTENSIBLE the sub-format's code (PCM, float, ...) when its GUID is on the
    /// standard base, else <see cref="WavFormatTag.Extensible"/> with the GUID in <see cref="SubFormat"/>.
    /// </summary>
    public required ushort FormatTag { get; init; }

    /// <summary>The sub-format GUID of an extensible header; null for a plain one.</summary>
    public Guid? SubFormat { get; init; }

    public required int Channels { get; init; }

    public required int SampleRate { get; init; }

    /// <summary>Bytes per sample frame (all channels).</summary>
    public required int BlockAlign { get; init; }

    /// <summary>wBitsPerSample: the container size of one sample in bits (extensible) or its precision (plain PCM).</summary>
    public required int BitsPerSample { get; init; }

    /// <summary>Bits that carry signal (extensible headers may declare fewer than the container, e.g. 20 in 24).</summary>
    public required int ValidBitsPerSample { get; init; }

    /// <summary>Byte offset of the first sample in the file.</summary>
    public required long DataOffset { get; init; }

    /// <summary>
    /// Bytes of audio the header promises; null when the writer left it open (a data size of 0 or 0xFFFFFFFF, as
    /// streaming writers do), meaning the audio runs to the end of the file.
    /// </summary>
    public required long? DataLength { get; init; }

    /// <summary>Whether the file is RF64/BW64 (sizes above 4 GiB come from its <c>ds64</c> chunk).</summary>
    public bool IsRf64 { get; init; }

    /// <summary>Sample frames the header promises, when it states a data length.</summary>
    public long? LengthInFrames => DataLength / BlockAlign;

    /// <summary>"0x0055 (MPEG Layer 3)" or "extensible sub-format {...}": what an error message calls the format.</summary>
    public string FormatDescription =>
        FormatTag == WavFormatTag.Extensible && SubFormat is { } guid
            ? $"extensible sub-format {{{guid}}}"
            : $"format tag {WavFormatTag.Describe(FormatTag)}";

    /// <summary>
    /// The sample encoding when the format is integer PCM or IEEE float with a supported size and a block align
    /// that matches it; otherwise false with a one-line <paramref name="problem"/>.
    /// </summary>
    public bool TryGetEncoding(out WavSampleEncoding encoding, out string problem)
    {
        encoding = default;
        bool isFloat = FormatTag == WavFormatTag.IeeeFloat;
        if (FormatTag != WavFormatTag.Pcm && !isFloat)
        {
            problem = $"{FormatDescription} is not PCM or IEEE float";
            return false;
        }
        // Plain PCM may declare a precision such as 12 or 20 bits; the samples are left-justified in whole bytes,
        // so the container (and the scale) is the precision rounded up to bytes.
        int containerBytes = (BitsPerSample + 7) / 8;
        WavSampleEncoding? found = (isFloat, containerBytes) switch
        {
            (false, 1) => WavSampleEncoding.UnsignedInt8,
            (false, 2) => WavSampleEncoding.SignedInt16,
            (false, 3) => WavSampleEncoding.SignedInt24,
            (false, 4) => WavSampleEncoding.SignedInt32,
            (true, 4) when BitsPerSample == 32 => WavSampleEncoding.Float32,
            (true, 8) when BitsPerSample == 64 => WavSampleEncoding.Float64,
            _ => null,
        };
        if (found is null)
        {
            problem = isFloat
                ? $"IEEE float with {BitsPerSample}-bit samples is not supported; expected 32 or 64"
                : $"PCM with {BitsPerSample}-bit samples is not supported; expected 8, 16, 24 or 32";
            return false;
        }
        long expectedAlign = (long)Channels * containerBytes;
        if (BlockAlign != expectedAlign)
        {
            problem = $"block align of {BlockAlign} bytes does not match {Channels} channel(s) of {containerBytes * 8}-bit"
                      + $" samples; expected {expectedAlign}";
            return false;
        }
        encoding = found.Value;
        problem = "";
        return true;
    }
}
