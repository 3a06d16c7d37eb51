namespace MusicEmotion.Audio.Decoding;

/// <summary>
/// The decoders' one policy for NaN and infinity: replace each with 0.0 (silence, the value least likely to mislead
/// the features) and count it, so the caller can warn that the input was damaged instead of failing a whole file.
/// </summary>
public static class NonFiniteSamples
{
    /// <summary>Replaces every non-finite sample of <paramref name="samples"/> with 0 and returns how many there were.</summary>
    public static long Replace(Span<float> samples)
    {
        long replaced = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                samples[i] = 0f;
                replaced++;
            }
        }
        return replaced;
    }
}
