using System.Numerics;

namespace MusicEmotion.Tests.Audio;

/// <summary>A plain FFT for measuring spectra in tests (double precision; speed is not the point).</summary>
internal static class Fft
{
    /// <summary>In-place iterative radix-2 decimation-in-time FFT (the length must be a power of two).</summary>
    public static void Transform(Complex[] data)
    {
        int n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }
            j |= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }
        for (int length = 2; length <= n; length <<= 1)
        {
            Complex step = Complex.FromPolarCoordinates(1, -2 * Math.PI / length);
            for (int start = 0; start < n; start += length)
            {
                Complex twiddle = Complex.One;
                for (int k = 0; k < length / 2; k++)
                {
                    Complex odd = twiddle * data[start + k + length / 2];
                    data[start + k + length / 2] = data[start + k] - odd;
                    data[start + k] += odd;
                    twiddle *= step;
                }
            }
        }
    }
}
