using MusicEmotion.Features;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

/// <summary>
/// Model input from the reference log-mel, as the training code prepared it: each 0.5 s clip z-scored over all of
/// its 128 x 44 values (mean, and the unbiased standard deviation, ddof = 1), then turned time-major [44, 128].
/// A stand-in for the feature stage's own z-score until the two are joined.
/// </summary>
internal static class ReferenceFrames
{
    public const int Bands = 128;
    public const int Frames = 44;

    /// <summary>One z-scored, time-major frame (44 x 128 floats) per clip of <c>&lt;track&gt;.logmel.npy</c>.</summary>
    public static float[][] ZScored(string referenceDirectory, string track)
    {
        NpyArray logMel = NpyFile.Read(Path.Combine(referenceDirectory, track + ".logmel.npy"));
        Assert.Equal([logMel.Shape[0], Bands, Frames], logMel.Shape);
        var frames = new float[logMel.Shape[0]][];
        for (int clip = 0; clip < frames.Length; clip++)
        {
            frames[clip] = ZScoreTimeMajor(logMel.Row(clip));
        }
        return frames;
    }

    /// <summary>(mean, unbiased std) of one band-major clip, accumulated in double.</summary>
    public static (double Mean, double Std) Stats(ReadOnlySpan<float> clip)
    {
        double sum = 0;
        foreach (float v in clip)
        {
            sum += v;
        }
        double mean = sum / clip.Length;
        double squares = 0;
        foreach (float v in clip)
        {
            squares += (v - mean) * (v - mean);
        }
        return (mean, Math.Sqrt(squares / (clip.Length - 1)));
    }

    private static float[] ZScoreTimeMajor(ReadOnlySpan<float> bandMajor)
    {
        (double mean, double std) = Stats(bandMajor);
        var timeMajor = new float[Frames * Bands];
        for (int band = 0; band < Bands; band++)
        {
            for (int t = 0; t < Frames; t++)
            {
                timeMajor[t * Bands + band] = (float)((bandMajor[band * Frames + t] - mean) / std);
            }
        }
        return timeMajor;
    }
}
