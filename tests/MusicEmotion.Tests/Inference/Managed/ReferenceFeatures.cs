using MusicEmotion.Features;

namespace MusicEmotion.Tests.Inference.Managed;

/// <summary>
/// The reference log-mel of a track the way the model takes it: each clip z-scored over all its 128 x 44 values
/// (mean, unbiased std with ddof = 1, as the training code does) and transposed to time-major [44, 128].
/// Stands in for the feature stage in the engine's parity tests.
/// </summary>
internal static class ReferenceFeatures
{
    public const int Bands = 128, Frames = 44, FrameSize = Bands * Frames;

    /// <returns>All clips of <paramref name="track"/>, one after another, each [44, 128].</returns>
    public static float[] ZScoredFrames(string referenceDirectory, string track)
    {
        NpyArray logMel = NpyFile.Read(Path.Combine(referenceDirectory, $"{track}.logmel.npy"));
        Assert.Equal([logMel.Shape[0], Bands, Frames], logMel.Shape);
        var frames = new float[logMel.Data.Length];
        for (int clip = 0; clip < logMel.Shape[0]; clip++)
        {
            ZScoreTransposed(logMel.Row(clip), frames.AsSpan(clip * FrameSize, FrameSize));
        }
        return frames;
    }

    /// <param name="bandMajor">One clip, [128, 44].</param>
    /// <param name="timeMajor">Where the z-scored clip goes, [44, 128].</param>
    public static void ZScoreTransposed(ReadOnlySpan<float> bandMajor, Span<float> timeMajor)
    {
        double sum = 0;
        foreach (float v in bandMajor)
        {
            sum += v;
        }
        double mean = sum / bandMajor.Length;
        double squares = 0;
        foreach (float v in bandMajor)
        {
            squares += (v - mean) * (v - mean);
        }
        float std = (float)Math.Sqrt(squares / (bandMajor.Length - 1));
        for (int band = 0; band < Bands; band++)
        {
            for (int t = 0; t < Frames; t++)
            {
                timeMajor[t * Bands + band] = (bandMajor[band * Frames + t] - (float)mean) / std;
            }
        }
    }
}
