using System.Diagnostics;
using System.Numerics;

namespace MusicEmotion.Pipeline.Diagnostics;

/// <summary>
/// A log-bucketed latency histogram in the style of HdrHistogram: fixed memory, constant-time recording with
/// no allocation, and percentiles within 1% relative error. Values are recorded in nanoseconds; each power of
/// two is split into 128 linear sub-buckets, so a bucket is never wider than 1/128 of its value.
/// Single writer; readers take a consistent-enough view for reporting.
/// </summary>
public sealed class LatencyHistogram
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;

    /// <summary>Values up to 2^40 ns (about 18 minutes) are bucketed; larger ones land in the last bucket.</summary>
    private const int MaxExponent = 40;

    private readonly long[] _counts = new long[(MaxExponent - SubBucketBits + 2) * SubBuckets];
    private double _sum;
    private double _sumOfSquares;

    public long Count { get; private set; }

    public long MinNanoseconds { get; private set; } = long.MaxValue;

    public long MaxNanoseconds { get; private set; }

    public double MeanNanoseconds => Count == 0 ? 0 : _sum / Count;

    public double StandardDeviationNanoseconds
    {
        get
        {
            if (Count < 2)
            {
                return 0;
            }
            double mean = MeanNanoseconds;
            return Math.Sqrt(Math.Max(0, (_sumOfSquares - Count * mean * mean) / (Count - 1)));
        }
    }

    /// <summary>Records a span measured in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordTicks(long ticks) => Record((long)(ticks * NanosecondsPerTick));

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }
        _counts[BucketOf(nanoseconds)]++;
        Count++;
        _sum += nanoseconds;
        _sumOfSquares += (double)nanoseconds * nanoseconds;
        if (nanoseconds < MinNanoseconds)
        {
            MinNanoseconds = nanoseconds;
        }
        if (nanoseconds > MaxNanoseconds)
        {
            MaxNanoseconds = nanoseconds;
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0..100): the upper edge of its bucket, capped at the max.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }
        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (int bucket = 0; bucket < _counts.Length; bucket++)
        {
            seen += _counts[bucket];
            if (seen >= rank)
            {
                return Math.Clamp(UpperEdge(bucket), MinNanoseconds, MaxNanoseconds);
            }
        }
        return MaxNanoseconds;
    }

    /// <summary>The non-empty buckets as (upper edge in ns, count), for plots and exports.</summary>
    public IEnumerable<(long UpperNanoseconds, long Count)> Buckets()
    {
        for (int bucket = 0; bucket < _counts.Length; bucket++)
        {
            if (_counts[bucket] > 0)
            {
                yield return (UpperEdge(bucket), _counts[bucket]);
            }
        }
    }

    /// <summary>Adds every value <paramref name="other"/> recorded, as if they had been recorded here (blocks merged into a run).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }
        for (int bucket = 0; bucket < _counts.Length; bucket++)
        {
            _counts[bucket] += other._counts[bucket];
        }
        Count += other.Count;
        _sum += other._sum;
        _sumOfSquares += other._sumOfSquares;
        MinNanoseconds = Math.Min(MinNanoseconds, other.MinNanoseconds);
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Count = 0;
        _sum = 0;
        _sumOfSquares = 0;
        MinNanoseconds = long.MaxValue;
        MaxNanoseconds = 0;
    }

    /// <summary>
    /// Values below 128 get a bucket each; above, the exponent picks a row of 128 buckets and the next seven
    /// bits below the leading one pick the bucket in it.
    /// </summary>
    private static int BucketOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }
        int exponent = Math.Min(BitOperations.Log2((ulong)value), MaxExponent);
        int shift = exponent - SubBucketBits;
        int sub = (int)((value >> shift) & (SubBuckets - 1));
        return (exponent - SubBucketBits + 1) * SubBuckets + sub;
    }

    private static long UpperEdge(int bucket)
    {
        int row = bucket / SubBuckets;
        int sub = bucket % SubBuckets;
        if (row == 0)
        {
            return sub;
        }
        int shift = row - 1;
        return (((long)SubBuckets + sub + 1) << shift) - 1;
    }
}
