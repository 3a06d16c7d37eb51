using System.Collections.Concurrent;
using MusicEmotion.Audio;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Audio.Framing;
using MusicEmotion.Features;

namespace MusicEmotion.Tests.Support;

/// <summary>
/// Model inputs for the reference tracks, always made by the product's own code: either from the reference
/// log-mel through the product's z-score (isolates an engine from the feature stage), or end to end from the WAV
/// through the product's decoder, resampler, framer and features (the real path). Computed once per process.
/// </summary>
public static class ReferenceInputs
{
    public const int FrameSize = 44 * 128;

    private static readonly ConcurrentDictionary<string, float[]> Cache = new();

    /// <summary>Every clip of <c>&lt;track&gt;.logmel.npy</c>, z-scored and time-major, one after another.</summary>
    public static float[] FromReferenceLogMel(string referenceDirectory, string track) =>
        Cache.GetOrAdd("logmel:" + Path.Combine(referenceDirectory, track), _ =>
        {
            NpyArray logMel = NpyFile.Read(Path.Combine(referenceDirectory, track + ".logmel.npy"));
            var frames = new float[logMel.Data.Length];
            for (int clip = 0; clip < logMel.Shape[0]; clip++)
            {
                FeatureNormalizer.Normalize(logMel.Row(clip), 128, frames.AsSpan(clip * FrameSize, FrameSize));
            }
            return frames;
        });

    /// <summary>Every whole frame of an audio file, z-scored and time-major, as the pipeline computes it.</summary>
    public static float[] FromAudio(string path) =>
        Cache.GetOrAdd("audio:" + path, _ => Extract(path, useLogMel: false));

    /// <summary>Every whole frame's log-mel (before the z-score, band-major), as the pipeline computes it.</summary>
    public static float[] LogMelFromAudio(string path) =>
        Cache.GetOrAdd("audio-logmel:" + path, _ => Extract(path, useLogMel: true));

    /// <summary>Frame <paramref name="index"/> of a run of concatenated frames.</summary>
    public static ReadOnlySpan<float> Frame(float[] frames, int index) => frames.AsSpan(index * FrameSize, FrameSize);

    public static int FrameCount(float[] frames) => frames.Length / FrameSize;

    private static float[] Extract(string path, bool useLogMel)
    {
        using var source = new MonoResamplingSource(AudioFile.Open(path));
        var pool = new FramePool<AudioFrame>(() => new AudioFrame());
        var framer = new Framer(pool);
        var extractor = new FeatureExtractor();
        var features = new FeatureFrame();
        var result = new List<float>();
        var block = new float[4096];
        int read;
        while ((read = source.Read(block)) > 0)
        {
            ReadOnlySpan<float> span = block.AsSpan(0, read);
            while (framer.TryFill(ref span, 0, out AudioFrame? frame))
            {
                extractor.Extract(frame, features);
                result.AddRange(useLogMel ? features.LogMel : features.ModelInput);
                pool.Return(frame);
            }
        }
        return [.. result];
    }
}
