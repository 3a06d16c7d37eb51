using System.Numerics;

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
        int i = 0;
        // Damage is rare: check a vector at a time (|x| < inf is false for NaN and both infinities) and only look
        // at single samples inside a vector that fails.
        var infinity = new Vector<float>(float.PositiveInfinity);
        for (; i + Vector<float>.Count <= samples.Length; i += Vector<float>.Count)
        {
            if (!Vector.LessThanAll(Vector.Abs(new Vector<float>(samples[i..])), infinity))
            {
                replaced += ReplaceEach(samples.Slice(i, Vector<float>.Count));
            }
        }
        return replaced + ReplaceEach(samples[i..]);
    }

    private static long ReplaceEach(Span<float> samples)
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
