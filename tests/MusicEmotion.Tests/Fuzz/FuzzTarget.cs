namespace MusicEmotion.Tests.Fuzz;

/// <summary>
/// One parser that takes outside bytes, as the fuzz harness drives it: valid seed inputs to mutate, the call
/// that parses one input and says what came of it, the one-line errors it may end in, and the bounds each input
/// must keep (time, bytes allocated).
/// </summary>
internal sealed class FuzzTarget
{
    public required string Name { get; init; }

    /// <summary>What the target reads, in a word (README and run.sh's listing).</summary>
    public required string Reads { get; init; }

    /// <summary>Valid inputs the mutants are made from (made on first use).</summary>
    public required Func<IReadOnlyList<byte[]>> Seeds { get; init; }

    /// <summary>Parses one input; returns what came of it in a few words (no numbers that vary per input).</summary>
    public required Func<byte[], string> Run { get; init; }

    /// <summary>The project's one-line errors this target may end in; anything else thrown is a crash.</summary>
    public required IReadOnlyList<Type> Errors { get; init; }

    /// <summary>The most an input of this many bytes may allocate.</summary>
    public required Func<int, long> AllocationCap { get; init; }

    /// <summary>
    /// True when the work happens on other threads (an in-process server): the allocation is then the whole
    /// process's, which is only meaningful with nothing else running.
    /// </summary>
    public bool ProcessWideAllocation { get; init; }

    /// <summary>Longest one input may take before it counts as a hang.</summary>
    public TimeSpan TimeBound { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Releases what the target started (a server), if anything.</summary>
    public Action Release { get; init; } = () => { };

    public bool IsProjectError(Exception error) => Errors.Any(type => type.IsInstanceOfType(error));
}
