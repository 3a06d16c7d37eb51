using MusicEmotion.Outputs.Recording;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// A mutation corpus from valid recordings (<see cref="ByteMutations"/>), tens of thousands of times from a fixed seed: the reader never throws, always returns
/// a one-line problem or a clean read, never returns more readings than the bytes could hold, and allocates in
/// proportion to its input, never to a corrupt length.
/// </summary>
public sealed class RecordingFuzzTests
{
    private const int Mutants = 20_000;

    [Fact]
    public void MutatedRecordingsGiveReadingsAndAOneLineProblemNeverAnythingElse()
    {
        IReadOnlyList<byte[]> corpus = Corpus();
        var random = new Random(20_251_122);
        int problems = 0;

        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = ByteMutations.Mutate(corpus[random.Next(corpus.Count)], random);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Recording recording;
            try
            {
                recording = RecordingReader.Read(mutant, "mutant.msgpack");
            }
            catch (Exception error)
            {
                throw new Xunit.Sdk.XunitException($"mutant {Convert.ToHexString(mutant)} threw {error}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Trees, readings and strings cost tens of bytes per input byte, an exception some kilobytes; a length
            // taken on trust would cost up to the codec limits.
            Assert.True(allocated <= (256L * mutant.Length) + (128 * 1024), $"mutant {Convert.ToHexString(mutant)} allocated {allocated} bytes");
            // A reading needs at least its map, "seq" and "t": nine bytes.
            Assert.True(recording.ReadingCount <= mutant.Length / 9, $"mutant {Convert.ToHexString(mutant)} gave {recording.ReadingCount} readings");
            if (recording.Problem is not null)
            {
                problems++;
                Assert.StartsWith("mutant.msgpack", recording.Problem, StringComparison.Ordinal);
                Assert.False(recording.Problem.Contains('\n') || recording.Problem.Contains('\r'), recording.Problem);
                Assert.True(recording.Problem.Length < 400, recording.Problem);
            }
        }
        // The corpus must really reach the error paths, not only mutate into valid recordings.
        Assert.InRange(problems, Mutants / 2, Mutants);
    }

    /// <summary>Valid recordings: several readings, two sessions, a header alone (the fuzz harness's seeds too).</summary>
    internal static IReadOnlyList<byte[]> Corpus() =>
    [
        RecordedReadings.Record((SampleReadings.Session(), SampleReadings.Readings(3))).Bytes,
        RecordedReadings.Record((SampleReadings.Session("a.wav", 0), SampleReadings.Readings(1)), (SampleReadings.Session("b.wav"), SampleReadings.Readings(2))).Bytes,
        RecordedReadings.Record((SampleReadings.Session("only-header.wav", 8), [])).Bytes,
    ];
}
