using System.Globalization;

namespace MusicEmotion.CalibrationProof;

/// <summary>The proof's command line.</summary>
internal sealed record ProofOptions(string Corpus, string Model, int Train, string Out, int Draws, int[] Labels, bool Force)
{
    /// <summary>Null when an option is missing or malformed (the caller prints the usage).</summary>
    public static ProofOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        bool force = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--force")
            {
                force = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                return null;
            }
        }
        if (!values.TryGetValue("--corpus", out string? corpus) || !values.TryGetValue("--model", out string? model)
            || !values.TryGetValue("--out", out string? output)
            || !int.TryParse(values.GetValueOrDefault("--train"), CultureInfo.InvariantCulture, out int train)
            || !int.TryParse(values.GetValueOrDefault("--draws", "64"), CultureInfo.InvariantCulture, out int draws))
        {
            return null;
        }
        int[] labels = values.GetValueOrDefault("--labels", "5,10,20,50").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return new ProofOptions(corpus, model, train, output, draws, labels, force);
    }
}
