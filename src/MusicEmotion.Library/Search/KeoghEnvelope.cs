using System.Runtime.CompilerServices;
using MusicEmotion.Inference;

namespace MusicEmotion.Library.Search;

/// <summary>
/// LB_Keogh (Keogh and Ratanamahatana, 2005) for two-dimensional series: the running minimum and maximum of the
/// query over the DTW band, per coordinate. Any warping path inside the band must pay at least the squared amount
/// by which a candidate leaves this envelope, so the bound never exceeds <see cref="Dtw"/>'s distance and a
/// candidate whose bound already loses is skipped without running DTW.
/// </summary>
public sealed class KeoghEnvelope
{
    private readonly AffectPoint[] _upper;
    private readonly AffectPoint[] _lower;

    public KeoghEnvelope(ReadOnlySpan<AffectPoint> query, int band)
    {
        _upper = new AffectPoint[query.Length];
        _lower = new AffectPoint[query.Length];
        for (int i = 0; i < query.Length; i++)
        {
            float maxA = float.MinValue, maxV = float.MinValue, minA = float.MaxValue, minV = float.MaxValue;
            for (int j = Math.Max(0, i - band); j <= Math.Min(query.Length - 1, i + band); j++)
            {
                maxA = Math.Max(maxA, query[j].Arousal);
                maxV = Math.Max(maxV, query[j].Valence);
                minA = Math.Min(minA, query[j].Arousal);
                minV = Math.Min(minV, query[j].Valence);
            }
            _upper[i] = new AffectPoint(maxA, maxV);
            _lower[i] = new AffectPoint(minA, minV);
        }
    }

    public int Length => _upper.Length;

    /// <summary>The lower bound for <paramref name="candidate"/>, or +infinity once it passes <paramref name="abandonAbove"/>.</summary>
    // A search runs once per command over a whole catalog: compiled fully optimised on the first call instead of
    // starting in the quick first tier, which would spend most of that one search in unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LowerBound(ReadOnlySpan<AffectPoint> candidate, double abandonAbove = double.PositiveInfinity)
    {
        double sum = 0;
        for (int i = 0; i < candidate.Length; i++)
        {
            sum += Outside(candidate[i].Arousal, _lower[i].Arousal, _upper[i].Arousal)
                + Outside(candidate[i].Valence, _lower[i].Valence, _upper[i].Valence);
            if (sum > abandonAbove)
            {
                return double.PositiveInfinity;
            }
        }
        return sum;
    }

    private static double Outside(float value, float lower, float upper) =>
        value > upper ? (value - upper) * (double)(value - upper) : value < lower ? (lower - value) * (double)(lower - value) : 0;
}
