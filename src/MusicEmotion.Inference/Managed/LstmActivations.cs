using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The LSTM's sigmoid and tanh, exact formulas on float32. The scalar forms use MathF; the vector forms use
/// a float-only exponential accurate to about an ulp, which costs half of what the runtime's Vector256.Exp does
/// (that one widens to double): five of them per 8 units and step dominate the recurrence of a small LSTM.
/// The 512-bit forms are the same arithmetic, for the AVX-512 kernels.
/// </summary>
internal static class LstmActivations
{
    // Cody-Waite split of ln 2: n * Ln2High is exact for the n that occur, so r keeps full precision.
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693145751953125f;
    private const float Ln2Low = 1.42860682030941723e-6f;

    // e^88 is near the float maximum and e^-87 near the smallest normal float: beyond them 2^n has no exponent.
    private const float MaxArgument = 88f;
    private const float MinArgument = -87f;

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    public static float Tanh(float x) => MathF.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>
    /// tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1], which never overflows; the sign is put back
    /// after. Near 0 the absolute error stays about half an ulp of 1 (6e-8), far inside the tolerance.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> e = Exp(Vector256.Abs(x) * Vector256.Create(-2f));
        Vector256<float> magnitude = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        return Vector256.CopySign(magnitude, x);
    }

    /// <summary>
    /// e^x = 2^n e^r with n = round(x / ln 2) and |r| &lt;= ln 2 / 2, e^r from its Taylor series up to r^7
    /// (truncation below 6e-9 relative), evaluated by Estrin's scheme: the recurrence waits on every exp of a step,
    /// and this dependency chain is half as deep as Horner's. Arguments are clamped to [-87, 88]: below, the result is smaller than
    /// any LSTM gate can notice, above it would overflow. NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(MinArgument)), Vector256.Create(MaxArgument));
        Vector256<float> n = Vector256.Round(clamped * Vector256.Create(Log2E));
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        Vector256<float> r2 = r * r;
        Vector256<float> low = Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(r, Vector256.Create(1f / 6f), Vector256.Create(0.5f)), r + Vector256<float>.One);
        Vector256<float> high = Vector256.FusedMultiplyAdd(r2, Vector256.FusedMultiplyAdd(r, Vector256.Create(1f / 5040f), Vector256.Create(1f / 720f)), Vector256.FusedMultiplyAdd(r, Vector256.Create(1f / 120f), Vector256.Create(1f / 24f)));
        Vector256<float> p = Vector256.FusedMultiplyAdd(r2 * r2, high, low);
        Vector256<int> exponent = (Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23;
        Vector256<float> result = p * exponent.AsSingle();
        // Min/Max and the integer conversion would turn NaN into a number; a NaN input must not be hidden.
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> e = Exp(Vector512.Abs(x) * Vector512.Create(-2f));
        Vector512<float> magnitude = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        return Vector512.CopySign(magnitude, x);
    }

    /// <summary>The 512-bit form of <see cref="Exp(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(MinArgument)), Vector512.Create(MaxArgument));
        Vector512<float> n = Vector512.Round(clamped * Vector512.Create(Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        Vector512<float> r2 = r * r;
        Vector512<float> low = Vector512.FusedMultiplyAdd(r2, Vector512.FusedMultiplyAdd(r, Vector512.Create(1f / 6f), Vector512.Create(0.5f)), r + Vector512<float>.One);
        Vector512<float> high = Vector512.FusedMultiplyAdd(r2, Vector512.FusedMultiplyAdd(r, Vector512.Create(1f / 5040f), Vector512.Create(1f / 720f)), Vector512.FusedMultiplyAdd(r, Vector512.Create(1f / 120f), Vector512.Create(1f / 24f)));
        Vector512<float> p = Vector512.FusedMultiplyAdd(r2 * r2, high, low);
        Vector512<int> exponent = (Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23;
        Vector512<float> result = p * exponent.AsSingle();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }
}
