using BenchmarkDotNet.Attributes;
using MusicEmotion.Features;

namespace MusicEmotion.Benchmarks.Features;

/// <summary>
/// One 0.5 s frame through the feature stage: 44 FFTs of 2048, mel, log1p, then the z-score and transpose.
/// Input is deterministic noise plus tones, so every bin carries energy (no shortcut for zeros).
/// </summary>
[MemoryDiagnoser]
public class LogMelBenchmarks
{
    private readonly LogMelSpectrogram _spectrogram = new();
    private readonly float[] _clip = new float[22_050];
    private readonly float[] _logMel = new float[128 * 44];
    private readonly float[] _modelInput = new float[128 * 44];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _clip.Length; i++)
        {
            _clip[i] = 0.3f * MathF.Sin(i * 0.05f) + 0.2f * MathF.Sin(i * 0.31f) + 0.1f * (random.NextSingle() - 0.5f);
        }
    }

    [Benchmark(Description = "log-mel 128x44 (44 FFTs of 2048, mel, log1p)")]
    public void LogMel() => _spectrogram.Compute(_clip, _logMel);

    [Benchmark(Description = "log-mel + z-score to time-major")]
    public FeatureStats LogMelAndZScore()
    {
        _spectrogram.Compute(_clip, _logMel);
        return FeatureNormalizer.Normalize(_logMel, 128, _modelInput);
    }
}
