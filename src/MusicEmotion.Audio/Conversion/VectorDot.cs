using System.Numerics;

namespace MusicEmotion.Audio.Conversion;

/// <summary>The resampler's inner loop: a SIMD dot product.</summary>
public static class VectorDot
{
    /// <summary>
    /// Sum of a[i] * b[i]. The order of additions depends only on the length, never on where the spans lie in memory,
    /// so the same data gives bit-identical results wherever the resampler's history buffer happens to hold it.
    /// </summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"lengths differ: {a.Length} and {b.Length}", nameof(b));
        }
        int width = Vector<float>.Count;
        var first = Vector<float>.Zero;
        var second = Vector<float>.Zero;
        int i = 0;
        // Two accumulators let consecutive multiply-adds overlap in the pipeline.
        for (; i + 2 * width <= a.Length; i += 2 * width)
        {
            first += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
            second += new Vector<float>(a[(i + width)..]) * new Vector<float>(b[(i + width)..]);
        }
        float sum = Vector.Sum(first + second);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
