using System.Text.Json.Serialization;
using MusicEmotion.Inference.Managed;

namespace MusicEmotion.Inference.Calibration;

/// <summary>
/// An emotion model's output head as a head refit sees it: (arousal, valence) = tanh(W h + b), h the last LSTM
/// layer's hidden state, W [2, hidden] row-major (the arousal row, then the valence row). Computed in the managed
/// runner's order (a float dot product, then the bias, then tanh), so the model's own head gives its readings
/// bit for bit.
/// </summary>
public sealed record OutputHead(float[] Weights, float[] Bias)
{
    [JsonIgnore]
    public int Hidden => Weights.Length / 2;

    /// <summary>The head of a lowered emotion model, or null when it is not one dense layer (with bias) and tanh.</summary>
    public static OutputHead? Of(LstmNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsStateful || network.Head is not [DenseOperation { OutputSize: 2 } dense, ActivationOperation { Kind: ActivationKind.Tanh }])
        {
            return null;
        }
        return new OutputHead((float[])dense.Weights.Clone(), (float[])dense.Bias.Clone());
    }

    /// <summary>The reading from a hidden state; allocates nothing.</summary>
    public AffectPoint Apply(ReadOnlySpan<float> hidden) => new(Row(0, hidden), Row(1, hidden));

    /// <summary>Whether both heads have the same parameters, bit for bit.</summary>
    public bool SameAs(OutputHead other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Weights.AsSpan().SequenceEqual(other.Weights) && Bias.AsSpan().SequenceEqual(other.Bias);
    }

    private float Row(int output, ReadOnlySpan<float> hidden)
    {
        ReadOnlySpan<float> row = Weights.AsSpan(output * Hidden, Hidden);
        float sum = 0f;
        for (int k = 0; k < row.Length; k++)
        {
            sum += row[k] * hidden[k];
        }
        return MathF.Tanh(sum + Bias[output]);
    }
}
