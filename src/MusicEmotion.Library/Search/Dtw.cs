using System.Runtime.CompilerServices;
using MusicEmotion.Inference;

namespace MusicEmotion.Library.Search;

/// <summary>
/// Dynamic time warping of two equally long series of circumplex points, inside a Sakoe-Chiba band: point i of one
/// may only be matched with points i - band .. i + band of the other, which both keeps a profile from being bent
/// out of shape and makes the cost O(n * band). The cost of a match is the squared Euclidean distance; the result
/// is the sum along the cheapest path (compare <see cref="KeoghEnvelope"/>, which bounds it from below).
/// </summary>
public sealed class Dtw
{
    private double[] _previous = [];
    private double[] _current = [];

    /// <summary>
    /// The warped distance, or +infinity as soon as every path already costs more than <paramref name="abandonAbove"/>
    /// (no need to finish a match that cannot win).
    /// </summary>
    // A search runs once per command over a whole catalog: compiled fully optimised on the first call instead of
    // starting in the quick first tier, which would spend most of that one search in unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Distance(ReadOnlySpan<AffectPoint> a, ReadOnlySpan<AffectPoint> b, int band, double abandonAbove = double.PositiveInfinity)
    {
        if (a.Length != b.Length || a.IsEmpty)
        {
            throw new ArgumentException($"DTW needs two non-empty series of one length, got {a.Length} and {b.Length}");
        }
        int n = a.Length;
        if (_previous.Length < n)
        {
            _previous = new double[n];
            _current = new double[n];
        }
        Span<double> previous = _previous.AsSpan(0, n);
        Span<double> current = _current.AsSpan(0, n);
        previous.Fill(double.PositiveInfinity);
        for (int i = 0; i < n; i++)
        {
            current.Fill(double.PositiveInfinity);
            int from = Math.Max(0, i - band), to = Math.Min(n - 1, i + band);
            double rowMinimum = double.PositiveInfinity;
            for (int j = from; j <= to; j++)
            {
                double best = i == 0 && j == 0 ? 0
                    : Math.Min(previous[j], Math.Min(j > 0 ? current[j - 1] : double.PositiveInfinity, j > 0 ? previous[j - 1] : double.PositiveInfinity));
                double cost = best + Squared(a[i], b[j]);
                current[j] = cost;
                rowMinimum = Math.Min(rowMinimum, cost);
            }
            if (rowMinimum > abandonAbove)
            {
                return double.PositiveInfinity;
            }
            Span<double> swap = previous;
            previous = current;
            current = swap;
        }
        return previous[n - 1];
    }

    internal static double Squared(AffectPoint a, AffectPoint b)
    {
        double arousal = a.Arousal - b.Arousal, valence = a.Valence - b.Valence;
        return arousal * arousal + valence * valence;
    }
}
