using MusicEmotion.Inference;

namespace MusicEmotion.Library.Feedback;

/// <summary>
/// What a listener said they feel at a moment of a track (or over the whole track), beside what the model read
/// there: the pair is one calibration sample, refittable later without the audio.
/// </summary>
/// <param name="Id">Row id; 0 before it is stored.</param>
/// <param name="ContentHash">SHA-256 of the track's content when labelled: a changed file no longer matches.</param>
/// <param name="Path">The track's path when labelled (for people; the hash is what identifies it).</param>
/// <param name="AtSeconds">Seconds into the track; null for a whole-track label.</param>
/// <param name="Felt">The listener's point on the circumplex.</param>
/// <param name="Class">The class the listener chose (positive, happy, ...), or null for a point.</param>
/// <param name="Reading">The model's reading at that moment (mean over the track for a whole-track label).</param>
/// <param name="ModelSha256">The model that made the reading.</param>
/// <param name="Hidden">
/// The hidden state the model's head read at that moment (the mean over the track for a whole-track label), for the
/// head refit; null for labels stored before it was kept, or when the model that analysed the track is not at hand.
/// </param>
public sealed record FeedbackLabel(
    long Id, string ContentHash, string Path, double? AtSeconds, AffectPoint Felt, string? Class, AffectPoint Reading, string ModelSha256,
    float[]? Hidden = null);
