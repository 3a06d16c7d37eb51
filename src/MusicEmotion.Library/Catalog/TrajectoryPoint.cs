using MusicEmotion.Audio;

namespace MusicEmotion.Library.Catalog;

/// <summary>One reading of a track as the catalog keeps it: when, where on the circumplex, how loud, and its flags.</summary>
/// <param name="Time">Start of the frame, seconds into the track.</param>
/// <param name="Arousal">In [-1, 1]; NaN for a frame without a reading.</param>
/// <param name="Valence">In [-1, 1]; NaN for a frame without a reading.</param>
/// <param name="Level">RMS level of the frame, linear.</param>
/// <param name="Flags">The frame's conditions (silence, state reset, ...).</param>
public readonly record struct TrajectoryPoint(float Time, float Arousal, float Valence, float Level, FrameFlags Flags)
{
    public bool HasReading => float.IsFinite(Arousal) && float.IsFinite(Valence);
}
