using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// A constant the lowering evaluates at load time (weights, shapes, zero initial states), float or integer,
/// with the structural ops torch's exports apply to constants: Gather, Slice, Concat, Transpose, reshapes.
/// </summary>
internal sealed class ConstantTensor
{
    private ConstantTensor(long[] shape, float[]? floats, long[]? integers)
    {
        Shape = shape;
        Floats = floats;
        Integers = integers;
    }

    public long[] Shape { get; }

    public float[]? Floats { get; }

    public long[]? Integers { get; }

    public int Count => Floats?.Length ?? Integers!.Length;

    public static ConstantTensor Of(float[] values, long[] shape) => new(shape, values, null);

    public static ConstantTensor Of(long[] values, long[] shape) => new(shape, null, values);

    public static ConstantTensor FromOnnx(OnnxTensorProto tensor)
    {
        if (tensor.IsFloat)
        {
            return Of(tensor.Floats, tensor.Dims);
        }
        if (tensor.IsInteger)
        {
            return Of(tensor.Integers, tensor.Dims);
        }
        throw new LoweringException(
            $"constant '{tensor.Name}' has type {tensor.DataType}; the managed engine reads float, int64 and int32 tensors");
    }

    /// <summary>The values of a float constant; <paramref name="role"/> says what it is for in an error.</summary>
    public float[] FloatValues(string role) =>
        Floats ?? throw new LoweringException($"{role} is an integer constant where floats are expected");

    public long[] IntegerValues(string role) =>
        Integers ?? throw new LoweringException($"{role} is a float constant where integers are expected");

    public ConstantTensor Reshaped(long[] shape) => new(shape, Floats, Integers);

    /// <summary>A tensor of <paramref name="shape"/> whose element i is this tensor's element <paramref name="sourceOf"/>(i).</summary>
    public ConstantTensor Pick(long[] shape, Func<long, long> sourceOf)
    {
        long count = TensorShape.Product(shape);
        if (Floats is not null)
        {
            var floats = new float[count];
            for (long i = 0; i < count; i++)
            {
                floats[i] = Floats[sourceOf(i)];
            }
            return Of(floats, shape);
        }
        var integers = new long[count];
        for (long i = 0; i < count; i++)
        {
            integers[i] = Integers![sourceOf(i)];
        }
        return Of(integers, shape);
    }

    public ConstantTensor Gather(ConstantTensor indices, int axis)
    {
        long[] index = indices.IntegerValues("Gather's indices");
        long size = Shape[axis];
        long[] shape = [.. Shape[..axis], .. indices.Shape, .. Shape[(axis + 1)..]];
        long inner = TensorShape.Product(Shape.AsSpan(axis + 1));
        long picked = index.LongLength;
        return Pick(shape, i =>
        {
            long outer = i / (picked * inner);
            long k = index[i / inner % picked];
            k = k < 0 ? k + size : k;
            if (k < 0 || k >= size)
            {
                throw new LoweringException($"Gather index {index[i / inner % picked]} is outside an axis of size {size}");
            }
            return (outer * size + k) * inner + i % inner;
        });
    }

    /// <summary>Slice with per-axis first index, count and step, as <see cref="TensorShape.SliceRange"/> gives them.</summary>
    public ConstantTensor Slice(long[] first, long[] count, long[] step)
    {
        long[] strides = TensorShape.Strides(Shape);
        long[] outStrides = TensorShape.Strides(count);
        return Pick(count, i =>
        {
            long source = 0;
            for (int a = 0; a < count.Length; a++)
            {
                long coordinate = i / outStrides[a] % count[a];
                source += (first[a] + coordinate * step[a]) * strides[a];
            }
            return source;
        });
    }

    public ConstantTensor Transpose(int[] perm)
    {
        long[] strides = TensorShape.Strides(Shape);
        long[] shape = [.. perm.Select(p => Shape[p])];
        long[] outStrides = TensorShape.Strides(shape);
        return Pick(shape, i =>
        {
            long source = 0;
            for (int a = 0; a < perm.Length; a++)
            {
                source += i / outStrides[a] % shape[a] * strides[perm[a]];
            }
            return source;
        });
    }

    public static ConstantTensor Concat(IReadOnlyList<ConstantTensor> parts, int axis)
    {
        ConstantTensor first = parts[0];
        int rank = first.Shape.Length;
        bool floats = first.Floats is not null;
        foreach (ConstantTensor part in parts)
        {
            bool sameOtherAxes = part.Shape.Length == rank
                && Enumerable.Range(0, rank).All(a => a == axis || part.Shape[a] == first.Shape[a]);
            if (!sameOtherAxes || (part.Floats is not null) != floats)
            {
                throw new LoweringException(
                    $"Concat of {TensorShape.Describe(first.Shape)} and {TensorShape.Describe(part.Shape)} on axis {axis}");
            }
        }
        long outer = TensorShape.Product(first.Shape.AsSpan(0, axis));
        long inner = TensorShape.Product(first.Shape.AsSpan(axis + 1));
        long[] shape = [.. first.Shape];
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        var floatValues = floats ? new List<float>() : null;
        var integerValues = floats ? null : new List<long>();
        for (long o = 0; o < outer; o++)
        {
            foreach (ConstantTensor part in parts)
            {
                int length = (int)(part.Shape[axis] * inner);
                int start = (int)(o * length);
                floatValues?.AddRange(part.Floats.AsSpan(start, length));
                integerValues?.AddRange(part.Integers.AsSpan(start, length));
            }
        }
        return floats ? Of([.. floatValues!], shape) : Of([.. integerValues!], shape);
    }

    /// <summary>This constant broadcast to <paramref name="shape"/> (which it must broadcast to unchanged).</summary>
    public ConstantTensor BroadcastTo(long[] shape)
    {
        if (!TensorShape.Broadcast(shape, Shape).SequenceEqual(shape))
        {
            throw new LoweringException(
                $"a constant of shape {TensorShape.Describe(Shape)} would enlarge a value of shape {TensorShape.Describe(shape)}");
        }
        int offset = shape.Length - Shape.Length;
        long[] strides = TensorShape.Strides(Shape);
        long[] outStrides = TensorShape.Strides(shape);
        return Pick(shape, i =>
        {
            long source = 0;
            for (int a = 0; a < Shape.Length; a++)
            {
                long coordinate = Shape[a] == 1 ? 0 : i / outStrides[a + offset] % shape[a + offset];
                source += coordinate * strides[a];
            }
            return source;
        });
    }
}
