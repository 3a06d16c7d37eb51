using MusicEmotion.Audio;

namespace MusicEmotion.Features;

/// <summary>
/// One frame's features on their way to the engine: the log-mel (kept for the features command and tools),
/// the z-scored model input, and the frame's identity, level and timeline carried over from its audio.
/// Pooled like audio frames.
/// </summary>
public sealed class FeatureFrame
{
    public FeatureFrame(LogMelSettings? settings = null)
    {
        var s = settings ?? LogMelSettings.Paper;
        LogMel = new float[s.ValuesPerClip];
        ModelInput = new float[s.ValuesPerClip];
    }

    /// <summary>log1p-mel, band-major [bands x frames], before the z-score.</summary>
    public float[] LogMel { get; }

    /// <summary>z-scored, time-major [frames x bands]: what the model reads.</summary>
    public float[] ModelInput { get; }

    public FeatureStats Stats { get; set; }

    public long Sequence { get; set; }

    public long StartSample { get; set; }

    public double StartTime => StartSample / (double)FrameLayout.SampleRate;

    public float Peak { get; set; }

    public float Rms { get; set; }

    public FrameFlags Flags { get; set; }

    public FrameTimeline Timeline;
}
