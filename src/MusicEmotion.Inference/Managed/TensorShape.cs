namespace MusicEmotion.Inference.Managed;

/// <summary>Shape arithmetic shared by the constant folder and the lowering, with ONNX's axis conventions.</summary>
internal static class TensorShape
{
    public static long Product(ReadOnlySpan<long> shape)
    {
        long product = 1;
        foreach (long d in shape)
        {
            product *= d;
        }
        return product;
    }

    public static string Describe(ReadOnlySpan<long> shape) => $"[{string.Join(",", shape.ToArray())}]";

    /// <summary>Row-major strides.</summary>
    public static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /// <summary>A possibly negative axis, counted from the end as ONNX allows, as an index in [0, rank).</summary>
    public static int Axis(long axis, int rank)
    {
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
        {
            throw new LoweringException($"axis {axis} is outside a tensor of rank {rank}");
        }
        return (int)normalized;
    }

    /// <summary>Unsqueeze: size-1 axes inserted at <paramref name="axes"/> (positions in the output).</summary>
    public static long[] Unsqueeze(long[] shape, IReadOnlyList<long> axes, out int[] inserted)
    {
        int rank = shape.Length + axes.Count;
        inserted = [.. axes.Select(a => Axis(a, rank)).Order()];
        if (inserted.Distinct().Count() != inserted.Length)
        {
            throw new LoweringException("Unsqueeze names an axis twice");
        }
        var result = new long[rank];
        for (int o = 0, s = 0; o < rank; o++)
        {
            result[o] = Array.BinarySearch(inserted, o) >= 0 ? 1 : shape[s++];
        }
        return result;
    }

    /// <summary>Squeeze: the axes to drop; every size-1 axis when <paramref name="axes"/> is null.</summary>
    public static int[] SqueezedAxes(long[] shape, IReadOnlyList<long>? axes)
    {
        int[] dropped = axes is null
            ? [.. Enumerable.Range(0, shape.Length).Where(a => shape[a] == 1)]
            : [.. axes.Select(a => Axis(a, shape.Length)).Distinct()];
        foreach (int axis in dropped)
        {
            if (shape[axis] != 1)
            {
                throw new LoweringException($"Squeeze of axis {axis}, which has size {shape[axis]}, not 1");
            }
        }
        return dropped;
    }

    /// <summary>Reshape's target: 0 copies the input's size (unless allowzero), -1 takes what is left.</summary>
    public static long[] ReshapeTarget(long[] shape, long[] requested, bool allowZero)
    {
        var result = new long[requested.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            long d = requested[i];
            if (d == 0 && !allowZero)
            {
                if (i >= shape.Length)
                {
                    throw new LoweringException($"Reshape copies dimension {i} of a rank-{shape.Length} tensor");
                }
                d = shape[i];
            }
            if (d == -1)
            {
                if (inferred >= 0)
                {
                    throw new LoweringException("Reshape infers more than one dimension");
                }
                inferred = i;
                continue;
            }
            if (d < 0)
            {
                throw new LoweringException($"Reshape to a negative size ({d})");
            }
            result[i] = d;
            known *= d;
        }
        long total = Product(shape);
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0)
            {
                throw new LoweringException($"Reshape of {Describe(shape)} to {Describe(requested)}");
            }
            result[inferred] = total / known;
        }
        else if (known != total)
        {
            throw new LoweringException($"Reshape of {Describe(shape)} ({total} values) to {Describe(requested)}");
        }
        return result;
    }

    /// <summary>Numpy-style broadcast of two shapes.</summary>
    public static long[] Broadcast(long[] a, long[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            long db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new LoweringException($"shapes {Describe(a)} and {Describe(b)} do not broadcast");
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>
    /// One axis of Slice with numpy's clamping: the first index taken and how many, for a step of any sign.
    /// </summary>
    public static (long First, long Count) SliceRange(long size, long start, long end, long step)
    {
        if (step == 0)
        {
            throw new LoweringException("Slice with step 0");
        }
        start = start < 0 ? start + size : start;
        end = end < 0 ? end + size : end;
        if (step > 0)
        {
            start = Math.Clamp(start, 0, size);
            end = Math.Clamp(end, 0, size);
            return (start, end > start ? (end - start + step - 1) / step : 0);
        }
        start = Math.Clamp(start, -1, size - 1);
        end = Math.Clamp(end, -1, size - 1);
        return (start, start > end ? (start - end - step - 1) / -step : 0);
    }
}
