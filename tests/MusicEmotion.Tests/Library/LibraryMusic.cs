using MusicEmotion.Tests.Audio;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// Small real WAV files for scan tests: each a different chord with its own tempo of note onsets and some noise, so
/// the model gives each its own readings and no two files share a content hash.
/// </summary>
internal static class LibraryMusic
{
    private const int Rate = 44_100;

    public static string Write(TempFolder folder, string name, int seed, double seconds = 4, int rate = Rate)
    {
        var random = new Random(seed);
        double root = 110 * Math.Pow(2, random.Next(0, 24) / 12.0), beat = 0.15 + random.NextDouble() * 0.6;
        var samples = new short[(int)(seconds * rate)];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / (double)rate, envelope = Math.Exp(-4 * (t % beat));
            double tone = Math.Sin(2 * Math.PI * root * t) + 0.5 * Math.Sin(2 * Math.PI * root * 1.26 * t) + 0.4 * Math.Sin(2 * Math.PI * root * 1.5 * t);
            samples[i] = (short)(8000 * (envelope * tone / 1.9 + 0.05 * (random.NextDouble() * 2 - 1)));
        }
        string path = folder.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestWav.Pcm16(rate, 1, samples));
        return path;
    }
}
