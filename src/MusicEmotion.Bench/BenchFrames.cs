using MusicEmotion.Audio;
using MusicEmotion.Audio.Conversion;
using MusicEmotion.Audio.Decoding;
using MusicEmotion.Audio.Framing;

namespace MusicEmotion.Bench;

/// <summary>
/// The audio frames a bench cycles through, decoded and framed before the clock starts, so the measurement is
/// the per-frame path alone and not the decoder or the disk: a file's frames, or synthetic music-like ones.
/// </summary>
public sealed class BenchFrames
{
    /// <summary>At most this many frames (2 minutes) are kept from a file: enough variety, bounded memory.</summary>
    public const int MaxFrames = 240;

    private BenchFrames(IReadOnlyList<AudioFrame> frames, string source)
    {
        Frames = frames;
        Source = source;
    }

    public IReadOnlyList<AudioFrame> Frames { get; }

    /// <summary>The file's path, or "synthetic".</summary>
    public string Source { get; }

    public int Count => Frames.Count;

    /// <summary>
    /// The first whole frames of <paramref name="path"/> (any format the analyzer reads, downmixed and resampled);
    /// a file that cannot be read, or holds less than one frame, throws a one-line <see cref="AudioInputException"/>.
    /// </summary>
    public static BenchFrames FromFile(string path, int maxFrames = MaxFrames)
    {
        using var mono = new MonoResamplingSource(AudioFile.Open(path));
        var framer = new Framer(new FramePool<AudioFrame>(() => new AudioFrame()));
        var frames = new List<AudioFrame>();
        var block = new float[8192];
        int read;
        while (frames.Count < maxFrames && (read = mono.Read(block)) > 0)
        {
            ReadOnlySpan<float> chunk = block.AsSpan(0, read);
            while (frames.Count < maxFrames && framer.TryFill(ref chunk, 0, out AudioFrame? frame))
            {
                frames.Add(frame);
            }
        }
        if (frames.Count == 0)
        {
            throw new AudioInputException(path, $"shorter than one {FrameLayout.FrameSeconds} s frame; a bench needs at least one");
        }
        return new BenchFrames(frames, path);
    }

    /// <summary>
    /// <paramref name="count"/> frames of a made-up piece: a chord progression with harmonics, a decaying pluck on
    /// every beat and a little noise. Real music's spectra, not silence or white noise, so features and engine do
    /// the work they do on a track (a silent frame would take the guarded shortcut).
    /// </summary>
    public static BenchFrames Synthetic(int count = 32, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var samples = new float[count * FrameLayout.FrameLength];
        double[][] chords = [[220.0, 277.18, 329.63], [196.0, 246.94, 293.66], [174.61, 220.0, 261.63], [196.0, 246.94, 311.13]];
        var random = new Random(seed);
        const double rate = FrameLayout.SampleRate;
        const double beat = 0.25;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / rate;
            double[] chord = chords[(int)(t / 2.0) % chords.Length];
            double tone = 0;
            foreach (double root in chord)
            {
                for (int harmonic = 1; harmonic <= 4; harmonic++)
                {
                    tone += Math.Sin(2 * Math.PI * root * harmonic * t) / (harmonic * harmonic);
                }
            }
            double sinceBeat = t % beat;
            double pluck = Math.Exp(-sinceBeat * 30) * Math.Sin(2 * Math.PI * 880 * t);
            samples[i] = (float)((0.08 * tone) + (0.2 * pluck) + (0.01 * (random.NextDouble() - 0.5)));
        }
        var framer = new Framer(new FramePool<AudioFrame>(() => new AudioFrame()));
        var frames = new List<AudioFrame>(count);
        ReadOnlySpan<float> rest = samples;
        while (framer.TryFill(ref rest, 0, out AudioFrame? frame))
        {
            frames.Add(frame);
        }
        return new BenchFrames(frames, "synthetic");
    }
}
