using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Models;
using MusicEmotion.Pipeline;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Pipeline.Sources;

namespace MusicEmotion.Library.Feedback;

/// <summary>
/// Runs one file through the same <see cref="EmotionSession"/> the library scan runs and hands back, for every frame
/// with a reading, its start time, the reading and the hidden state the model's head read there: what a label needs
/// for a head refit, and what the calibration proof fits on.
/// </summary>
public static class TrackHiddenStates
{
    /// <param name="path">The audio file.</param>
    /// <param name="models">The models (borrowed); their engine's state is reset by the session as for any track.</param>
    /// <param name="cancellationToken">Stops the run part-way; the frames read so far are returned.</param>
    public static async Task<IReadOnlyList<HiddenFrame>> ReadAsync(string path, LoadedModels models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var recorder = new HiddenStateRecorder(models.Engine);
        var sink = new TimeSink();
        using (var source = new FileFrameSource(path))
        {
            // Not disposed: the recorder borrows the caller's engine.
            LoadedModels recording = models with { Engine = recorder };
            SessionSummary summary = await new EmotionSession(source, recording, [sink], PipelineOptions.File with { FeatureWorkers = 1 })
                .RunAsync(cancellationToken).ConfigureAwait(false);
            if (summary.Error is { } error)
            {
                throw error;
            }
        }
        return Pair(sink.Readings, recorder.Steps, path);
    }

    /// <summary>h at the frame nearest <paramref name="seconds"/> (the frame a label at that moment is taken against).</summary>
    public static float[]? At(IReadOnlyList<HiddenFrame> frames, double seconds)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return frames.Count == 0 ? null : frames.MinBy(f => Math.Abs(f.Time - seconds)).Hidden;
    }

    /// <summary>The mean h over the track, for a whole-track label (whose reading is the track's mean reading).</summary>
    public static float[]? Mean(IReadOnlyList<HiddenFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            return null;
        }
        var mean = new float[frames[0].Hidden.Length];
        foreach (HiddenFrame frame in frames)
        {
            for (int k = 0; k < mean.Length; k++)
            {
                mean[k] += frame.Hidden[k] / frames.Count;
            }
        }
        return mean;
    }

    /// <summary>
    /// The session's finite readings and the engine's finite steps are the same sequence (a frame with invalid features
    /// is not stepped; a non-finite step gives no reading), so they pair in order.
    /// </summary>
    private static List<HiddenFrame> Pair(List<(double Time, AffectPoint Point)> readings, IReadOnlyList<RecordedStep> steps, string path)
    {
        var frames = new List<HiddenFrame>(readings.Count);
        int next = 0;
        foreach ((double time, AffectPoint point) in readings)
        {
            while (next < steps.Count && !steps[next].Reading.IsFinite)
            {
                next++;
            }
            if (next == steps.Count || steps[next].Reading != point)
            {
                throw new InvalidDataException($"{path}: the engine's steps and the session's readings do not pair at {time:0.0} s");
            }
            frames.Add(new HiddenFrame(time, point, steps[next].Hidden));
            next++;
        }
        return frames;
    }

    private sealed class TimeSink : IReadingSink
    {
        public List<(double Time, AffectPoint Point)> Readings { get; } = [];

        public string Name => "hidden states";

        public void Start(SessionInfo session) => Readings.Clear();

        public void Write(in EmotionReading reading)
        {
            if (reading.Point.IsFinite)
            {
                Readings.Add((reading.StartTime, reading.Point));
            }
        }

        public void Complete(SessionSummary summary)
        {
        }
    }
}

/// <summary>One analysed frame: its start time in seconds, the model's reading and the head's input h.</summary>
public readonly record struct HiddenFrame(double Time, AffectPoint Reading, float[] Hidden);
