using Microsoft.ML.OnnxRuntime;

namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// A float32 tensor whose data lives in a managed array on the pinned object heap, handed to ORT without a copy:
/// what the caller writes into <see cref="Values"/> is what the next run reads, and what a run writes into a bound
/// output is there to read afterwards, with no allocation on either side.
/// </summary>
public sealed class PinnedOrtTensor : IDisposable
{
    private readonly float[] _data;

    public PinnedOrtTensor(params ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count *= dimension;
        }
        long[] dimensions = shape.ToArray();
        Shape = dimensions;
        // Pinned for its whole life: ORT keeps the address, so the array must never move.
        _data = GC.AllocateArray<float>(checked((int)count), pinned: true);
        _ = OnnxRuntimeLibrary.Env;
        Value = OnnxRuntimeLibrary.Call(() => OrtValue.CreateTensorValueFromMemory(_data, dimensions));
    }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>The tensor's data, row-major.</summary>
    public Span<float> Values => _data;

    internal OrtValue Value { get; }

    public void Dispose() => Value.Dispose();
}
