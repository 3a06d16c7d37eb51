using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using MusicEmotion.Audio.Conversion;
using Xunit.Abstractions;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Audio.Conversion;

public sealed class PolyphaseResamplerTests(ITestOutputHelper output)
{
    /// <summary>
    /// The limit for a pure tone's total error (aliases, images, gain and phase) after conversion: the design's
    /// passband ripple (5e-5 dB, an amplitude error near -105 dB) and stopband (105 dB) leave about 5 dB of margin.
    /// </summary>
    private const double ToneErrorLimitDb = -100;

    public static TheoryData<int> InputRates => [48000, 96000, 88200, 32000, 22050, 16000, 8000, 11025, 44056, 47999, 192000];

    [Fact]
    public void EqualRatesPassThroughBitForBit()
    {
        var resampler = new PolyphaseResampler(44100, 44100);
        float[] input = Signals.Noise(1000, seed: 1);
        var result = new float[1000];
        Assert.Equal(1000, resampler.Process(input, result));
        Assert.Equal(0, resampler.Flush(new float[8]));
        Assert.Equal(input, result);
    }

    [Theory]
    [InlineData(48000, 44100)]
    [InlineData(8000, 44100)]
    [InlineData(44056, 44100)]
    [InlineData(44100, 48000)]
    public void ChunkingNeverChangesTheOutput(int inputRate, int outputRate)
    {
        float[] input = Signals.Noise(3000, seed: inputRate);
        float[] whole = Resample(inputRate, outputRate, input, [input.Length]);
        Arbitrary<int[]> chunkings = Gen.Choose(0, 700).ArrayOf().Where(sizes => sizes.Any(s => s > 0)).ToArbitrary();
        Property sameOutput = Prop.ForAll(chunkings, sizes =>
        {
            float[] chunked = Resample(inputRate, outputRate, input, sizes);
            return MemoryMarshal.Cast<float, int>(chunked).SequenceEqual(MemoryMarshal.Cast<float, int>(whole));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), sameOutput);
    }

    [Fact]
    public void OneSampleAtATimeIsTheSameAsAllAtOnce()
    {
        float[] input = Signals.Noise(3000, seed: 3);
        float[] whole = Resample(48000, 44100, input, [input.Length]);
        float[] single = Resample(48000, 44100, input, [1, 0]);
        Assert.True(MemoryMarshal.Cast<float, int>(single).SequenceEqual(MemoryMarshal.Cast<float, int>(whole)));
    }

    [Theory]
    [InlineData(48000, 0)]
    [InlineData(48000, 1)]
    [InlineData(48000, 160)]
    [InlineData(48000, 161)]
    [InlineData(48000, 48000)]
    [InlineData(8000, 7)]
    [InlineData(47999, 47999)]
    [InlineData(44056, 12345)]
    public void TheOutputCoversTheInputsDuration(int inputRate, int length)
    {
        float[] result = Resample(inputRate, 44100, Signals.Noise(length, seed: 5), [997]);
        long expected = ((long)length * 44100 + inputRate - 1) / inputRate;
        Assert.Equal(expected, result.Length);
    }

    [Theory]
    [MemberData(nameof(InputRates))]
    public void ATonesFrequencyPhaseAndLevelSurvive(int inputRate)
    {
        var design = new ResamplerDesign(inputRate, 44100);
        double highest = 0.9 * design.PassbandEdgeHz;
        foreach (double frequency in new[] { 997.0, highest })
        {
            double error = ToneErrorDb(inputRate, frequency);
            output.WriteLine($"{inputRate} -> 44100, {frequency:F0} Hz tone: error {error:F1} dB ({design.TablePhases} phases)");
            Assert.True(error < ToneErrorLimitDb, $"{inputRate} Hz, {frequency} Hz tone: error {error:F1} dB");
        }
    }

    [Theory]
    [InlineData(48000, 22500)]
    [InlineData(48000, 23900)]
    [InlineData(96000, 30000)]
    [InlineData(47999, 22200)]
    public void ToneAboveTheOutputNyquistIsRemoved(int inputRate, double frequency)
    {
        float[] input = Signals.Sine(frequency, inputRate, inputRate, amplitude: 0.5);
        float[] result = Resample(inputRate, 44100, input, [input.Length]);
        int margin = new ResamplerDesign(inputRate, 44100).TapsPerPhase;
        double level = Signals.LevelDb(result.AsSpan(margin, result.Length - 2 * margin), 0.5 / Math.Sqrt(2));
        output.WriteLine($"{inputRate} Hz, {frequency} Hz tone: {level:F1} dB left");
        Assert.True(level < -ResamplerDesign.AttenuationDb + 5, $"{frequency} Hz tone only {level:F1} dB down");
    }

    [Fact]
    public void ProcessAndFlushAllocateNothing()
    {
        var resampler = new PolyphaseResampler(47999, 44100);
        float[] input = Signals.Noise(1024, seed: 9);
        var result = new float[resampler.MaxOutputLength(input.Length) + resampler.Design.TapsPerPhase];
        (long bytes, long produced) = Allocations.During(200, i => resampler.Process(input.AsSpan(0, 1 + i * 5), result));
        (long flushBytes, long flushed) = Allocations.During(1, i => i == 0 ? 0 : resampler.Flush(result));
        Assert.Equal((0, 0), (bytes, flushBytes));
        Assert.True(produced > 0 && flushed > 0);
    }

    [Fact]
    public void ResetStartsANewStreamAndFlushEndsOne()
    {
        var resampler = new PolyphaseResampler(48000, 44100);
        float[] input = Signals.Noise(2000, seed: 11);
        var first = new float[4000];
        int count = resampler.Process(input, first);
        count += resampler.Flush(first.AsSpan(count));
        Assert.Equal(0, resampler.Flush(first));
        Assert.Throws<InvalidOperationException>(() => resampler.Process(input, first));
        resampler.Reset();
        var second = new float[4000];
        int again = resampler.Process(input, second);
        again += resampler.Flush(second.AsSpan(again));
        Assert.Equal(count, again);
        Assert.Equal(first, second);
    }

    /// <summary>
    /// Error of a converted sine against the ideal sine at the output rate (same amplitude, same phase at t = 0),
    /// away from the start and end, where the signal switches on and off.
    /// </summary>
    private static double ToneErrorDb(int inputRate, double frequency)
    {
        const double Phase = 0.3;
        float[] input = Signals.Sine(frequency, inputRate, inputRate, 0.5, Phase);
        float[] result = Resample(inputRate, 44100, input, [input.Length]);
        float[] ideal = Signals.Sine(frequency, 44100, result.Length, 0.5, Phase);
        var design = new ResamplerDesign(inputRate, 44100);
        int margin = (int)((long)design.TapsPerPhase * 44100 / inputRate) + 8;
        return Signals.ErrorDb(result.AsSpan(margin, result.Length - 2 * margin), ideal.AsSpan(margin, result.Length - 2 * margin));
    }

    /// <summary>Feeds <paramref name="input"/> in chunks of the given sizes, over and over, then flushes.</summary>
    internal static float[] Resample(int inputRate, int outputRate, float[] input, int[] chunkSizes)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate);
        var result = new List<float>();
        var buffer = new float[resampler.MaxOutputLength(input.Length)];
        int at = 0;
        for (int k = 0; at < input.Length; k++)
        {
            int size = Math.Min(chunkSizes[k % chunkSizes.Length], input.Length - at);
            int written = resampler.Process(input.AsSpan(at, size), buffer.AsSpan(0, resampler.MaxOutputLength(size)));
            result.AddRange(buffer.AsSpan(0, written));
            at += size;
        }
        var tail = new float[resampler.PendingOutputLength];
        result.AddRange(tail.AsSpan(0, resampler.Flush(tail)));
        return [.. result];
    }
}
