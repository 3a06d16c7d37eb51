namespace MusicEmotion.Tests.Support;

/// <summary>
/// Tests that measure the whole process (allocations across threads, CPU time) run in this collection, which
/// xunit runs on its own, after the parallel ones: another test's work would otherwise count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
