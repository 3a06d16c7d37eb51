namespace MusicEmotion.Outputs.MessagePack;

/// <summary>
/// Hard limits a <see cref="MessagePackReader"/> enforces on untrusted input (a recording from disk, a
/// message from the network), so a corrupt length can never make it allocate gigabytes and a deeply
/// nested value can never exhaust the stack. A length is also always checked against the bytes that
/// remain, so even within the limits nothing is allocated for data that is not there.
/// </summary>
public sealed record MessagePackLimits
{
    /// <summary>The deepest nesting <see cref="MaxDepth"/> may be set to: recursion stays far from the stack's end.</summary>
    public const int DepthCeiling = 1000;

    /// <summary>Generous for readings and session headers, far below what would strain memory.</summary>
    public static MessagePackLimits Default { get; } = new();

    /// <summary>Largest string, in UTF-8 bytes. Default 1 MiB.</summary>
    public int MaxStringBytes { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>Largest bin or ext payload, in bytes. Default 16 MiB.</summary>
    public int MaxBinaryBytes { get; init => field = Positive(value); } = 16 << 20;

    /// <summary>Most elements in one array. Default 1 048 576.</summary>
    public int MaxArrayLength { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>Most key/value pairs in one map. Default 1 048 576.</summary>
    public int MaxMapLength { get; init => field = Positive(value); } = 1 << 20;

    /// <summary>
    /// Deepest nesting of arrays and maps when skipping or reading a whole value: the top level is depth 1.
    /// Default 64; at most <see cref="DepthCeiling"/>.
    /// </summary>
    public int MaxDepth
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, DepthCeiling);
            field = Positive(value);
        }
    } = 64;

    private static int Positive(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return value;
    }
}
