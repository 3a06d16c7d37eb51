namespace MusicEmotion.Native.OnnxRuntime;

/// <summary>
/// A float32 tensor whose data lives in a managed array on the pinned object heap, handed to ORT without a copy:
/// what the caller writes into <see cref="Values"/> is what the next run reads, and what a run writes into a bound
/// output is there to read afterwards, with no allocation on either side.
/// </summary>
public sealed unsafe class PinnedOrtTensor : IDisposable
{
    // Plain CPU memory, the same for every tensor; kept for the life of the process.
    private static readonly Lazy<OrtHandle<OrtMemoryInfo>> CpuMemory = new(CreateCpuMemory);

    private readonly float[] _data;
    private readonly OrtHandle<OrtValue> _handle;

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
        OrtValue* value;
        fixed (float* data = _data)
        fixed (long* dims = dimensions)
        {
            OnnxRuntimeInterop.ThrowIfFailed(OnnxRuntimeInterop.Api->CreateTensorWithDataAsOrtValue(
                CpuMemory.Value.Pointer, data, (nuint)(_data.Length * sizeof(float)), dims,
                (nuint)dimensions.Length, OnnxElementType.Float, &value));
        }
        _handle = new OrtHandle<OrtValue>(value, OnnxRuntimeInterop.Api->ReleaseValue);
    }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>The tensor's data, row-major.</summary>
    public Span<float> Values => _data;

    internal OrtHandle<OrtValue> Handle => _handle;

    public void Dispose() => _handle.Dispose();

    private static OrtHandle<OrtMemoryInfo> CreateCpuMemory()
    {
        OrtMemoryInfo* info;
        OnnxRuntimeInterop.ThrowIfFailed(
            OnnxRuntimeInterop.Api->CreateCpuMemoryInfo(OrtAllocatorType.Device, OrtMemType.Default, &info));
        return new OrtHandle<OrtMemoryInfo>(info, OnnxRuntimeInterop.Api->ReleaseMemoryInfo);
    }
}
