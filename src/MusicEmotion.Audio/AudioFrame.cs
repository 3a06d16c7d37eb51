namespace MusicEmotion.Audio;

/// <summary>
/// One 0.5 s frame of 44.1 kHz mono audio and where it sits in the stream. Frames are pooled and reused,
/// so a consumer that keeps data beyond its turn must copy it.
/// </summary>
public sealed class AudioFrame
{
    public AudioFrame(int length = FrameLayout.FrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Samples = new float[length];
    }

    /// <summary>The samples, always full: a frame is only handed out once it is complete.</summary>
    public float[] Samples { get; }

    /// <summary>0, 1, 2, ... in stream order; a gap means frames were dropped.</summary>
    public long Sequence { get; set; }

    /// <summary>Index of the first sample in the 44.1 kHz stream.</summary>
    public long StartSample { get; set; }

    /// <summary>Start of the frame in seconds of stream time.</summary>
    public double StartTime => StartSample / (double)FrameLayout.SampleRate;

    /// <summary>Peak absolute sample, for level meters and silence detection.</summary>
    public float Peak { get; set; }

    /// <summary>Root mean square of the samples.</summary>
    public float Rms { get; set; }

    /// <summary>Conditions noted so far (silence, repaired samples); later stages add theirs.</summary>
    public FrameFlags Flags { get; set; }

    public FrameTimeline Timeline;
}
