namespace MusicEmotion.Audio;

/// <summary>
/// Pull-based audio: a decoder (file) or a capture adapter hands out interleaved float samples in [-1, 1).
/// </summary>
public interface IAudioSource : IDisposable
{
    /// <summary>What the user would call it: a file path or a device name. Every error message names it.</summary>
    string Name { get; }

    AudioFormat Format { get; }

    /// <summary>Length in sample frames (one sample per channel), when the source knows it.</summary>
    long? LengthInFrames { get; }

    /// <summary>
    /// Fills <paramref name="interleaved"/> with whole sample frames and returns the number of floats written
    /// (a multiple of <see cref="AudioFormat.Channels"/>); 0 means the end of the stream.
    /// </summary>
    int Read(Span<float> interleaved);

    /// <summary>
    /// How many NaN or infinite samples the source met so far and handed out as 0.0 instead: a decoder never
    /// passes them on (one NaN would poison every later feature), but the CLI warns that the input was damaged.
    /// Sources that cannot produce them (integer PCM, capture) keep the default of 0.
    /// </summary>
    long NonFiniteSamplesReplaced => 0;
}

/// <summary>Sample rate and channel count of a source, validated once so later stages can trust them.</summary>
public readonly record struct AudioFormat
{
    /// <summary>
    /// The highest rate a decoder accepts (768 kHz, the top of what audio is made at). The resampler's filter grows
    /// with the ratio to 44.1 kHz: a header claiming 8.9 MHz cost 114 MB and 2.6 s, 2 GHz would not fit in memory.
    /// </summary>
    public const int MaxSampleRate = 768_000;

    public AudioFormat(int sampleRate, int channels)
    {
        if (sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        }
        if (channels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be positive");
        }
        SampleRate = sampleRate;
        Channels = channels;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public override string ToString() => $"{SampleRate} Hz, {Channels} ch";
}
