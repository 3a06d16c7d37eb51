using MusicEmotion.Outputs.MessagePack;

namespace MusicEmotion.Tests.Outputs;

/// <summary>
/// A mutation corpus from valid encodings (bits flipped, bytes set, inserted, deleted, slices repeated,
/// data cut short), many thousands of times from a fixed seed: the reader throws nothing but its format
/// error, always moves forward, and allocates in proportion to its input, never to a corrupt length.
/// </summary>
public sealed class MessagePackFuzzTests
{
    private const int Mutants = 20_000;

    private static readonly MessagePackLimits Tight = new()
    {
        MaxStringBytes = 4096,
        MaxBinaryBytes = 4096,
        MaxArrayLength = 1024,
        MaxMapLength = 1024,
        MaxDepth = 32,
    };

    [Fact]
    public void MutatedInputGivesValuesOrAFormatErrorNeverAnythingElse()
    {
        IReadOnlyList<byte[]> corpus = Corpus();
        var random = new Random(20_251_122);
        int formatErrors = 0;

        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = ByteMutations.Mutate(corpus[random.Next(corpus.Count)], random);
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool failed;
            try
            {
                failed = !ReadsCleanly(mutant);
            }
            catch (Exception other) when (other is not MessagePackFormatException)
            {
                throw new Xunit.Sdk.XunitException($"mutant {Convert.ToHexString(mutant)} threw {other}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Nodes and strings cost tens of bytes per input byte, a thrown exception some kilobytes; a length
            // taken on trust would cost up to the limits (or gigabytes without them).
            Assert.True(allocated <= (128L * mutant.Length) + (128 * 1024), $"mutant {Convert.ToHexString(mutant)} allocated {allocated} bytes");
            formatErrors += failed ? 1 : 0;
        }
        // The corpus must really exercise the error paths, not only mutate into valid data.
        Assert.InRange(formatErrors, Mutants / 4, Mutants);
    }

    /// <summary>Valid encodings of every kind of value, up to 2 KB each (the fuzz harness's seeds too).</summary>
    internal static IReadOnlyList<byte[]> Corpus() =>
    [
        .. MessagePackSamples.All.Select(v => MessagePackBytes.Encode(v)).Where(b => b.Length <= 2048),
        MessagePackBytes.Encode(MessagePackSamples.AnyKeyMaps),
        MessagePackBytes.Encode(Enumerable.Range(0, 4).Select(MessagePackSamples.Reading)),
    ];

    /// <summary>Reads every value three ways; false when the data is not valid MessagePack.</summary>
    internal static bool ReadsCleanly(byte[] data)
    {
        var sequence = MessagePackBytes.Segmented(data, 5, 1, 11);
        try
        {
            var tree = new MessagePackReader(sequence, Tight);
            var skipper = new MessagePackReader(sequence, Tight);
            var typed = new MessagePackReader(sequence, Tight);
            while (!tree.End)
            {
                long start = tree.Consumed;
                MessagePackValue.Read(ref tree);
                skipper.Skip();
                ReadTyped(ref typed);
                // Plain checks: an Assert call here would allocate and blur the allocation bound.
                if (tree.Consumed <= start || tree.Consumed != skipper.Consumed || tree.Consumed != typed.Consumed)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"from byte {start} the tree, Skip and typed reads stopped at {tree.Consumed}, {skipper.Consumed}, {typed.Consumed}");
                }
            }
            return true;
        }
        catch (MessagePackFormatException)
        {
            return false;
        }
    }

    /// <summary>Reads a value with the typed API, as a hand-written consumer of a recording would.</summary>
    private static void ReadTyped(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Integer:
                reader.ReadDouble();
                break;
            case MessagePackType.String:
                reader.ReadString();
                break;
            case MessagePackType.Array:
                for (int n = reader.ReadArrayHeader(); n > 0; n--)
                {
                    reader.Skip();
                }
                break;
            case MessagePackType.Map:
                for (int n = reader.ReadMapHeader(); n > 0; n--)
                {
                    reader.Skip();
                    reader.Skip();
                }
                break;
            default:
                reader.Skip();
                break;
        }
    }
}
