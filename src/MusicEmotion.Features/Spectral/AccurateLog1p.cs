using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicEmotion.Features.Spectral;

/// <summary>
/// log(1 + x) accurate for tiny x, vectorised. The plain log(1 + x) in float rounds 1 + x to a multiple of
/// 2^-23, so values below ~1e-7 (the mel bands of near-silent frames) come out as 0 or 6e-8: an absolute error
/// the z-score of a quiet frame then divides by its tiny deviation and turns into large input errors.
/// Goldberg's correction fixes it with one extra multiply: with u = fl(1 + x),
/// log1p(x) = log(u) * x / (u - 1), and x itself when u rounds to 1.
/// </summary>
internal static class AccurateLog1p
{
    /// <summary>Replaces each value x (x >= 0) by log1p(x); <paramref name="scratch"/> is at least as long.</summary>
    public static void Apply(Span<float> values, Span<float> scratch)
    {
        Span<float> logOfU = scratch[..values.Length];
        TensorPrimitives.Add(values, 1f, logOfU);
        TensorPrimitives.Log(logOfU, logOfU);
        Span<Vector256<float>> x = MemoryMarshal.Cast<float, Vector256<float>>(values);
        ReadOnlySpan<Vector256<float>> l = MemoryMarshal.Cast<float, Vector256<float>>(logOfU);
        var one = Vector256.Create(1f);
        for (int i = 0; i < x.Length; i++)
        {
            var u = x[i] + one;
            var d = u - one;
            var corrected = l[i] * (x[i] / d);
            x[i] = Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<float>.Zero), x[i], corrected);
        }
        for (int i = x.Length * Vector256<float>.Count; i < values.Length; i++)
        {
            float u = values[i] + 1f;
            float d = u - 1f;
            values[i] = d == 0f ? values[i] : logOfU[i] * (values[i] / d);
        }
    }
}
