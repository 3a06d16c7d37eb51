using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicEmotion.Inference.Managed;

/// <summary>Which kernels the managed engine runs; both give the same results to float rounding.</summary>
public enum ManagedKernel
{
    /// <summary>AVX2 with FMA where the CPU has it, scalar elsewhere.</summary>
    Best,

    /// <summary>256-bit vectors with fused multiply-add (x64 with AVX2 and FMA).</summary>
    Avx2,

    /// <summary>Plain float loops: any CPU, and the reference the vector path is checked against.</summary>
    Scalar,
}

public static class ManagedKernels
{
    public static bool IsAvx2Supported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>The kernel <paramref name="requested"/> resolves to on this CPU.</summary>
    public static ManagedKernel Resolve(ManagedKernel requested) => requested switch
    {
        ManagedKernel.Best => IsAvx2Supported ? ManagedKernel.Avx2 : ManagedKernel.Scalar,
        ManagedKernel.Avx2 when !IsAvx2Supported =>
            throw new PlatformNotSupportedException("the AVX2 kernels need a CPU with AVX2 and FMA; use the scalar kernels"),
        _ => requested,
    };

    /// <summary>The provider name <see cref="EngineInfo"/> shows: "managed-avx2" or "managed-scalar".</summary>
    public static string ProviderName(ManagedKernel kernel) =>
        Resolve(kernel) == ManagedKernel.Avx2 ? "managed-avx2" : "managed-scalar";
}
