using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MusicEmotion.Features;

/// <summary>
/// The z-score the models were trained with: over all values of one clip's log-mel, subtract the mean and
/// divide by the unbiased standard deviation (ddof = 1, as torch's Tensor.std()), with no epsilon; then
/// transpose band-major [bands, frames] to the time-major [frames, bands] the LSTM reads.
/// A clip with (almost) no variance, such as digital silence, would divide by zero: it is fed as all zeros
/// and reported as constant instead.
/// </summary>
public static class FeatureNormalizer
{
    /// <summary>Standard deviations at or below this are treated as zero variance.</summary>
    public const double ConstantThreshold = 1e-6;

    /// <param name="logMel">One clip, band-major [bands x frames].</param>
    /// <param name="bands">Mel bands (rows of <paramref name="logMel"/>).</param>
    /// <param name="timeMajor">Receives the z-scored clip, [frames x bands].</param>
    public static FeatureStats Normalize(ReadOnlySpan<float> logMel, int bands, Span<float> timeMajor)
    {
        if (bands <= 0 || logMel.Length % bands != 0 || logMel.Length < 2)
        {
            throw new ArgumentException($"{logMel.Length} values do not form whole rows of {bands} bands", nameof(logMel));
        }
        if (timeMajor.Length != logMel.Length)
        {
            throw new ArgumentException($"expected {logMel.Length} output values, got {timeMajor.Length}", nameof(timeMajor));
        }
        int frames = logMel.Length / bands;
        (double mean, double std) = MeanAndUnbiasedStd(logMel);
        if (!double.IsFinite(mean) || !double.IsFinite(std))
        {
            timeMajor.Clear();
            return new FeatureStats((float)mean, (float)std, FeatureCondition.NonFinite);
        }
        if (std <= ConstantThreshold)
        {
            timeMajor.Clear();
            return new FeatureStats((float)mean, (float)std, FeatureCondition.Constant);
        }
        float meanF = (float)mean;
        float scale = (float)(1.0 / std);
        for (int band = 0; band < bands; band++)
        {
            ReadOnlySpan<float> row = logMel.Slice(band * frames, frames);
            for (int t = 0; t < frames; t++)
            {
                timeMajor[t * bands + band] = (row[t] - meanF) * scale;
            }
        }
        return new FeatureStats(meanF, (float)std, FeatureCondition.Normal);
    }

    /// <summary>Two passes in double: the clip has thousands of values, and float sums would drift.</summary>
    public static (double Mean, double Std) MeanAndUnbiasedStd(ReadOnlySpan<float> values)
    {
        double mean = Accumulate(values, 0.0, squared: false) / values.Length;
        double squares = Accumulate(values, mean, squared: true);
        return (mean, Math.Sqrt(squares / (values.Length - 1)));
    }

    /// <summary>The sum of (x - center), or of (x - center)^2 when <paramref name="squared"/>, in double.</summary>
    private static double Accumulate(ReadOnlySpan<float> values, double center, bool squared)
    {
        var c = Vector256.Create(center);
        var acc = Vector256<double>.Zero;
        ReadOnlySpan<Vector128<float>> quads = MemoryMarshal.Cast<float, Vector128<float>>(values);
        foreach (var quad in quads)
        {
            var d = Vector256.WidenLower(quad.ToVector256Unsafe()) - c;
            acc += squared ? d * d : d;
        }
        double total = Vector256.Sum(acc);
        for (int j = quads.Length * 4; j < values.Length; j++)
        {
            double d = values[j] - center;
            total += squared ? d * d : d;
        }
        return total;
    }
}

/// <summary>Statistics of one clip's z-score and whether the clip could be normalised.</summary>
public readonly record struct FeatureStats(float Mean, float Std, FeatureCondition Condition);

public enum FeatureCondition
{
    Normal,

    /// <summary>No variance: the output is all zeros.</summary>
    Constant,

    /// <summary>NaN or infinity in the input: the output is all zeros and must not reach a model.</summary>
    NonFinite,
}
