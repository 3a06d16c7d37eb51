using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicEmotion.Inference.Managed;

/// <summary>Which kernels the managed engine runs; both give the same results to float rounding.</summary>
public enum ManagedKernel
{
    /// <summary>The fastest this CPU runs: AVX-512, else AVX2 with FMA, else scalar.</summary>
    Best,

    /// <summary>512-bit vectors, where the runtime reports them as fast (no down-clocking).</summary>
    Avx512,

    /// <summary>256-bit vectors with fused multiply-add (x64 with AVX2 and FMA).</summary>
    Avx2,

    /// <summary>Plain float loops: any CPU, and the reference the vector path is checked against.</summary>
    Scalar,
}

public static class ManagedKernels
{
    public static bool IsAvx2Supported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// The runtime reports Vector512 as accelerated only on CPUs that run it at full speed, so older AVX-512
    /// parts that down-clock on it keep the AVX2 kernels.
    /// </summary>
    public static bool IsAvx512Supported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported && IsAvx2Supported;

    /// <summary>The kernel <paramref name="requested"/> resolves to on this CPU.</summary>
    public static ManagedKernel Resolve(ManagedKernel requested) => requested switch
    {
        ManagedKernel.Best => IsAvx512Supported ? ManagedKernel.Avx512 : IsAvx2Supported ? ManagedKernel.Avx2 : ManagedKernel.Scalar,
        ManagedKernel.Avx512 when !IsAvx512Supported =>
            throw new PlatformNotSupportedException("the AVX-512 kernels need a CPU that runs 512-bit vectors at full speed; use Avx2 or Scalar"),
        ManagedKernel.Avx2 when !IsAvx2Supported =>
            throw new PlatformNotSupportedException("the AVX2 kernels need a CPU with AVX2 and FMA; use the scalar kernels"),
        _ => requested,
    };

    public static bool IsSupported(ManagedKernel kernel) => kernel switch
    {
        ManagedKernel.Avx512 => IsAvx512Supported,
        ManagedKernel.Avx2 => IsAvx2Supported,
        _ => true,
    };

    /// <summary>The provider name <see cref="EngineInfo"/> shows: "managed-avx512", "managed-avx2" or "managed-scalar".</summary>
    public static string ProviderName(ManagedKernel kernel) => "managed-" + Resolve(kernel).ToString().ToLowerInvariant();
}
