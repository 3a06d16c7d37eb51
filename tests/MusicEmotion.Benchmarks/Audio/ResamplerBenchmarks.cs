using BenchmarkDotNet.Attributes;
using MusicEmotion.Audio.Conversion;

namespace MusicEmotion.Benchmarks.Audio;

/// <summary>
/// One second of mono audio converted to 44.1 kHz, fed in 4096-sample blocks as the pump does: the time per
/// operation is the cost per second of audio. 48 kHz uses exact phases (147/160); 47 999 Hz the interpolated table;
/// 8 kHz is the largest upsampling ratio a capture device is likely to give.
/// </summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private const int Block = 4096;

    private PolyphaseResampler _resampler = null!;
    private float[] _input = [];
    private float[] _output = [];

    [Params(48000, 47999, 96000, 8000)]
    public int InputRate { get; set; }

    [GlobalSetup]
    public void Prepare()
    {
        _resampler = new PolyphaseResampler(InputRate, 44100);
        var random = new Random(2);
        _input = new float[InputRate];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)(random.NextDouble() - 0.5);
        }
        _output = new float[_resampler.MaxOutputLength(Block) + _resampler.Design.TapsPerPhase];
    }

    [Benchmark]
    public long ConvertOneSecond()
    {
        _resampler.Reset();
        long produced = 0;
        for (int at = 0; at < _input.Length; at += Block)
        {
            produced += _resampler.Process(_input.AsSpan(at, Math.Min(Block, _input.Length - at)), _output);
        }
        return produced + _resampler.Flush(_output);
    }
}
