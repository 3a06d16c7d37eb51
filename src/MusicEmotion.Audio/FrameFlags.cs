namespace MusicEmotion.Audio;

/// <summary>
/// Conditions noted on a frame as it moves down the data path; they travel with its reading into every sink
/// (jsonl "flags", recordings, OSC) so a consumer can tell a real reading from a guarded one.
/// </summary>
[Flags]
public enum FrameFlags
{
    None = 0,

    /// <summary>The audio is below the silence threshold.</summary>
    Silence = 1 << 0,

    /// <summary>The log-mel frame had (almost) no variance; it was fed to the model as zeros instead of NaN.</summary>
    ConstantFeatures = 1 << 1,

    /// <summary>The features held NaN or infinity; no reading was computed and the model state was left alone.</summary>
    InvalidFeatures = 1 << 2,

    /// <summary>The engine's carried state was reset before this frame (new track, long silence, bad state).</summary>
    StateReset = 1 << 3,
}

/// <summary>Stable names for <see cref="FrameFlags"/>: other tools parse them, so they never change.</summary>
public static class FrameFlagNames
{
    private static readonly (FrameFlags Flag, string Name)[] Names =
    [
        (FrameFlags.Silence, "silence"),
        (FrameFlags.ConstantFeatures, "constant"),
        (FrameFlags.InvalidFeatures, "invalid"),
        (FrameFlags.StateReset, "state-reset"),
    ];

    /// <summary>Every flag with its name, in a fixed order; index it in a loop to write names without allocating.</summary>
    public static ReadOnlySpan<(FrameFlags Flag, string Name)> All => Names;

    /// <summary>The set flags' names, for output that is not on a per-frame hot path.</summary>
    public static IReadOnlyList<string> ToNames(FrameFlags flags) =>
        Names.Where(pair => (flags & pair.Flag) != 0).Select(pair => pair.Name).ToArray();

    public static FrameFlags Parse(string name)
    {
        foreach (var (flag, known) in Names)
        {
            if (known == name)
            {
                return flag;
            }
        }
        throw new ArgumentException($"unknown frame flag '{name}'", nameof(name));
    }
}
