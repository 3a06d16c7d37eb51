using System.Diagnostics;
using MusicEmotion.Audio;

namespace MusicEmotion.Features;

/// <summary>
/// The feature stage for one frame: audio frame in, features out, with the frame's identity carried over and
/// its conditions flagged — silence (by level), constant features, non-finite features. The same call serves
/// the pipeline, the features command and the benchmarks. One instance per thread.
/// </summary>
public sealed class FeatureExtractor
{
    /// <summary>Frames whose RMS is below this many dB full scale are flagged as silence (-60 dBFS).</summary>
    public const float SilenceDbfs = -60f;

    private static readonly float SilenceRms = MathF.Pow(10f, SilenceDbfs / 20f);
    private readonly LogMelSpectrogram _spectrogram;

    public FeatureExtractor(LogMelSettings? settings = null) => _spectrogram = new LogMelSpectrogram(settings);

    public LogMelSettings Settings => _spectrogram.Settings;

    public void Extract(AudioFrame audio, FeatureFrame features)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(features);
        _spectrogram.Compute(audio.Samples, features.LogMel);
        var stats = FeatureNormalizer.Normalize(features.LogMel, Settings.MelBands, features.ModelInput);

        FrameFlags flags = audio.Flags;
        if (audio.Rms < SilenceRms)
        {
            flags |= FrameFlags.Silence;
        }
        flags |= stats.Condition switch
        {
            FeatureCondition.Constant => FrameFlags.ConstantFeatures,
            FeatureCondition.NonFinite => FrameFlags.InvalidFeatures,
            _ => FrameFlags.None,
        };

        features.Stats = stats;
        features.Flags = flags;
        features.Sequence = audio.Sequence;
        features.StartSample = audio.StartSample;
        features.Peak = audio.Peak;
        features.Rms = audio.Rms;
        features.Timeline = audio.Timeline;
        features.Timeline.Featured = Stopwatch.GetTimestamp();
    }
}
