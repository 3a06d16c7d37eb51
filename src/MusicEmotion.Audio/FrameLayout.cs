namespace MusicEmotion.Audio;

/// <summary>
/// The analysis clock every stage shares: 44 100 Hz mono, cut into 0.5 s frames with no overlap
/// (the feature contract of the model; see docs/DESIGN.md).
/// </summary>
public static class FrameLayout
{
    /// <summary>Rate the features are defined at; every source is resampled to it.</summary>
    public const int SampleRate = 44_100;

    /// <summary>0.5 s: one reading per frame, two readings a second.</summary>
    public const int FrameLength = 22_050;

    /// <summary>Frames do not overlap.</summary>
    public const int Hop = FrameLength;

    public const double FrameSeconds = (double)FrameLength / SampleRate;
}
