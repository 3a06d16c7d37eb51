namespace MusicEmotion.Inference;

/// <summary>
/// The recurrent state a stateful model carries between frames: h and c, each [layers, 1, hidden] as in the
/// model contract (h_in/c_in). A value object: engines copy in and out of it, never keep a reference.
/// </summary>
public sealed class LstmState
{
    public static LstmState Empty { get; } = new(0, 0);

    public LstmState(int layers, int hidden)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layers);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        Layers = layers;
        Hidden = hidden;
        H = new float[layers * hidden];
        C = new float[layers * hidden];
    }

    public int Layers { get; }

    public int Hidden { get; }

    /// <summary>Hidden state, layer-major [layers * hidden].</summary>
    public float[] H { get; }

    /// <summary>Cell state, layer-major [layers * hidden].</summary>
    public float[] C { get; }
}
