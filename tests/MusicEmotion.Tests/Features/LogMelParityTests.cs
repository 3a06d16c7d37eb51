using System.Buffers.Binary;
using MusicEmotion.Features;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Features;

/// <summary>
/// The feature contract, value by value against the librosa-exact references: log1p-mel within 1e-5
/// absolute and the z-score statistics within 1e-5 relative, for every clip of every 44.1 kHz mono track.
/// </summary>
public sealed class LogMelParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Tracks => new(ReferencePaths.Tracks);

    [SkippableTheory]
    [MemberData(nameof(Tracks))]
    public void LogMelMatchesTheReferenceOnEveryClip(string track)
    {
        string dir = Requires.ReferenceData();
        float[] audio = ReadPcm16(Path.Combine(dir, "music", track + ".wav"));
        var reference = NpyFile.Read(Path.Combine(dir, track + ".logmel.npy"));
        var extractor = new LogMelSpectrogram();
        var logMel = new float[extractor.Settings.ValuesPerClip];
        double worst = 0;
        for (int clip = 0; clip < reference.Shape[0]; clip++)
        {
            extractor.Compute(audio.AsSpan(clip * 22050, 22050), logMel);
            worst = Math.Max(worst, MaxAbsDifference(logMel, reference.Row(clip)));
        }
        output.WriteLine($"{track}: max abs log-mel error {worst:E2}");
        Assert.True(worst <= 1e-5, $"{track}: max abs log-mel error {worst:E2} > 1e-5");
    }

    [SkippableTheory]
    [MemberData(nameof(Tracks))]
    public void ZScoreStatisticsMatchTheReference(string track)
    {
        string dir = Requires.ReferenceData();
        var logMel = NpyFile.Read(Path.Combine(dir, track + ".logmel.npy"));
        var stats = NpyFile.Read(Path.Combine(dir, track + ".zstats.npy"));
        var normalized = new float[128 * 44];
        for (int clip = 0; clip < logMel.Shape[0]; clip++)
        {
            var result = FeatureNormalizer.Normalize(logMel.Row(clip), 128, normalized);
            Assert.Equal(FeatureCondition.Normal, result.Condition);
            AssertRelative(stats.Row(clip)[0], result.Mean, 1e-5, $"{track} clip {clip} mean");
            AssertRelative(stats.Row(clip)[1], result.Std, 1e-5, $"{track} clip {clip} std");
        }
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)a[i] - b[i]));
        }
        return worst;
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"{what}: {actual} vs {expected}, relative error {error:E2}");
    }

    /// <summary>The reference excerpts are canonical 44-byte-header 16-bit PCM, scaled by 1/32768.</summary>
    private static float[] ReadPcm16(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var samples = new float[(bytes.Length - 44) / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)) / 32768f;
        }
        return samples;
    }
}
