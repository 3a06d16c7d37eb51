namespace MusicEmotion.Features;

/// <summary>
/// The parameters of the log-mel feature, with the paper model's values as defaults: librosa 0.10
/// <c>melspectrogram(sr=44100, n_fft=2048, hop_length=512, n_mels=128)</c> over 0.5 s clips, then log1p.
/// Every other number (frames per clip, spectrum bins) is derived here, in one place.
/// </summary>
public sealed record LogMelSettings
{
    public static LogMelSettings Paper { get; } = new();

    public int SampleRate { get; init; } = 44_100;

    /// <summary>Samples per clip: one model input. 22 050 = 0.5 s.</summary>
    public int ClipLength { get; init; } = 22_050;

    /// <summary>FFT size and window length (periodic Hann). A power of two.</summary>
    public int FftSize { get; init; } = 2048;

    /// <summary>Hop between STFT frames inside a clip.</summary>
    public int HopLength { get; init; } = 512;

    public int MelBands { get; init; } = 128;

    /// <summary>STFT frames per clip with librosa's center=True: 1 + clip // hop (44).</summary>
    public int Frames => 1 + ClipLength / HopLength;

    /// <summary>One-sided spectrum bins: n_fft / 2 + 1 (1025).</summary>
    public int Bins => FftSize / 2 + 1;

    /// <summary>Values per clip, Frames x MelBands (5632).</summary>
    public int ValuesPerClip => Frames * MelBands;

    /// <summary>Throws with a message naming the setting when the combination cannot be computed.</summary>
    public LogMelSettings Validated()
    {
        if (SampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "must be positive");
        }
        if (FftSize < 16 || (FftSize & (FftSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FftSize), FftSize, "must be a power of two >= 16");
        }
        if (HopLength <= 0 || HopLength > FftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, $"must be in 1..{FftSize}");
        }
        if (ClipLength < FftSize / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(ClipLength), ClipLength, $"must be at least n_fft/2 = {FftSize / 2}");
        }
        if (MelBands <= 0 || MelBands > Bins)
        {
            throw new ArgumentOutOfRangeException(nameof(MelBands), MelBands, $"must be in 1..{Bins}");
        }
        return this;
    }
}
