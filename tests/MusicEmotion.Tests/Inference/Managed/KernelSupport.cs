using MusicEmotion.Inference.Managed;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference.Managed;

/// <summary>Kernel choices for theories: every SIMD path the engine has, skipped on a CPU that lacks it.</summary>
internal static class KernelSupport
{
    public static void Require(ManagedKernel kernel) =>
        Requires.Platform(ManagedKernels.IsSupported(kernel), $"this CPU does not run the {kernel} kernels");
}
