using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MusicEmotion.Bench;

/// <summary>Describes the machine a bench runs on, for report headers: numbers mean little without it.</summary>
public static class BenchMachines
{
    public static BenchMachine Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        Simd(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>"model name" of /proc/cpuinfo on Linux; the architecture elsewhere.</summary>
    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (string line in File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string Simd()
    {
        var sets = new List<string>();
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            sets.Add("AVX-512");
        }
        if (Avx2.IsSupported)
        {
            sets.Add(Fma.IsSupported ? "AVX2 with FMA" : "AVX2");
        }
        if (AdvSimd.IsSupported)
        {
            sets.Add("NEON");
        }
        return sets.Count == 0 ? $"{Vector<float>.Count * 32}-bit vectors" : string.Join(", ", sets);
    }
}
