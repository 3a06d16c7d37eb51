namespace MusicEmotion.Bench;

/// <summary>How long a bench measures and how it paces frames.</summary>
public sealed record BenchPlan
{
    /// <summary>Frames measured when no duration is given.</summary>
    public int Frames { get; init; } = 2000;

    /// <summary>When set, measure for this long instead of a number of frames.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Frames run before measuring, so the runtime has compiled the optimised code (see <see cref="Pipeline.LivePathWarmUp"/>).</summary>
    public int WarmUp { get; init; } = 200;

    /// <summary>Start frames at 2 Hz as live does, rather than back to back.</summary>
    public bool Realtime { get; init; }

    public void Validate()
    {
        if (Frames < 1)
        {
            throw new ArgumentException($"frames must be at least 1, got {Frames}");
        }
        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"duration must be positive, got {duration.TotalSeconds} s");
        }
        if (WarmUp < 0)
        {
            throw new ArgumentException($"warm-up must be 0 or more frames, got {WarmUp}");
        }
    }
}
