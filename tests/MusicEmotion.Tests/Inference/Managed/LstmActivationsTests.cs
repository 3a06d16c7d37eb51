using System.Runtime.Intrinsics;
using MusicEmotion.Inference.Managed;

namespace MusicEmotion.Tests.Inference.Managed;

/// <summary>The vector activations against double-precision references, over the whole range the gates see.</summary>
public sealed class LstmActivationsTests
{
    [Fact]
    public void ExpIsWithinTwoTenthsOfAMillionthRelative()
    {
        double worst = 0;
        for (double x = -87; x <= 88; x += 0.00731)
        {
            double expected = Math.Exp((float)x);
            float actual = LstmActivations.Exp(Vector256.Create((float)x)).ToScalar();
            worst = Math.Max(worst, Math.Abs(actual - expected) / expected);
        }
        Assert.InRange(worst, 0, 2e-7);
    }

    [Fact]
    public void SigmoidAndTanhAreWithinTwoTenthsOfAMillionthAbsolute()
    {
        double worstSigmoid = 0, worstTanh = 0;
        foreach (float x in Arguments())
        {
            Vector256<float> v = Vector256.Create(x);
            worstSigmoid = Math.Max(worstSigmoid, Math.Abs(LstmActivations.Sigmoid(v).ToScalar() - 1 / (1 + Math.Exp(-(double)x))));
            worstTanh = Math.Max(worstTanh, Math.Abs(LstmActivations.Tanh(v).ToScalar() - Math.Tanh(x)));
            worstSigmoid = Math.Max(worstSigmoid, Math.Abs(LstmActivations.Sigmoid(x) - 1 / (1 + Math.Exp(-(double)x))));
            worstTanh = Math.Max(worstTanh, Math.Abs(LstmActivations.Tanh(x) - Math.Tanh(x)));
        }
        Assert.InRange(worstSigmoid, 0, 2e-7);
        Assert.InRange(worstTanh, 0, 2e-7);
    }

    [Fact]
    public void ExtremesSaturateAndNaNStaysNaN()
    {
        Vector256<float> x = Vector256.Create(-1e30f, -200f, -89f, 0f, 89f, 200f, float.PositiveInfinity, float.NaN);
        float[] sigmoid = [.. Elements(LstmActivations.Sigmoid(x))];
        float[] tanh = [.. Elements(LstmActivations.Tanh(x))];
        Assert.Equal([0f, 0f, 0f, 0.5f, 1f, 1f, 1f], sigmoid[..7].Select(v => MathF.Round(v, 6)));
        Assert.Equal([-1f, -1f, -1f, 0f, 1f, 1f, 1f], tanh[..7]);
        Assert.True(float.IsNaN(sigmoid[7]) && float.IsNaN(tanh[7]));
        Assert.True(float.IsNaN(LstmActivations.Exp(Vector256.Create(float.NaN)).ToScalar()));
    }

    [Fact]
    public void WideFormsComputeExactlyWhatTheNarrowOnesDo()
    {
        foreach (float x in Arguments())
        {
            Vector512<float> wide = Vector512.Create(x);
            Vector256<float> narrow = Vector256.Create(x);
            Assert.Equal(LstmActivations.Exp(narrow).ToScalar(), LstmActivations.Exp(wide).ToScalar());
            Assert.Equal(LstmActivations.Sigmoid(narrow).ToScalar(), LstmActivations.Sigmoid(wide).ToScalar());
            Assert.Equal(LstmActivations.Tanh(narrow).ToScalar(), LstmActivations.Tanh(wide).ToScalar());
        }
    }

    private static IEnumerable<float> Arguments()
    {
        for (float x = -30f; x <= 30f; x += 0.00137f)
        {
            yield return x;
        }
        foreach (float tiny in new[] { 1e-3f, 1e-5f, 1e-8f, 1e-20f })
        {
            yield return tiny;
            yield return -tiny;
        }
    }

    private static IEnumerable<float> Elements(Vector256<float> v)
    {
        for (int i = 0; i < Vector256<float>.Count; i++)
        {
            yield return v.GetElement(i);
        }
    }
}
