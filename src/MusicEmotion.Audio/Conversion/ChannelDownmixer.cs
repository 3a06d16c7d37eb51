namespace MusicEmotion.Audio.Conversion;

/// <summary>
/// Streaming downmix of interleaved audio to mono: each output sample is the mean of one frame's channels (the
/// reference features were made from (L + R) / 2). Input may arrive in chunks of any size, even cut inside a frame;
/// the part-frame is carried to the next call, so the output never depends on how the stream was cut.
/// Allocation-free after construction.
/// </summary>
public sealed class ChannelDownmixer
{
    private readonly int _channels;
    private float _partialSum;
    private int _partialCount;

    public ChannelDownmixer(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        _channels = channels;
    }

    public int Channels => _channels;

    /// <summary>The most mono samples <see cref="Process"/> can write for <paramref name="inputLength"/> floats in.</summary>
    public int MaxOutputLength(int inputLength) => (_partialCount + inputLength) / _channels;

    /// <summary>
    /// Downmixes <paramref name="interleaved"/> into <paramref name="mono"/> and returns the samples written; the
    /// destination must hold <see cref="MaxOutputLength"/> of the input length.
    /// </summary>
    public int Process(ReadOnlySpan<float> interleaved, Span<float> mono)
    {
        int needed = MaxOutputLength(interleaved.Length);
        if (mono.Length < needed)
        {
            throw new ArgumentException($"the output holds {mono.Length} samples, {needed} needed", nameof(mono));
        }
        if (_channels == 1)
        {
            interleaved.CopyTo(mono);
            return interleaved.Length;
        }
        // Summing channel by channel in frame order, also across a cut, is what keeps the result independent of it.
        float sum = _partialSum;
        int count = _partialCount;
        int written = 0;
        foreach (float sample in interleaved)
        {
            sum += sample;
            if (++count == _channels)
            {
                mono[written++] = sum / _channels;
                sum = 0f;
                count = 0;
            }
        }
        _partialSum = sum;
        _partialCount = count;
        return written;
    }

    /// <summary>Forgets a carried part-frame, for a new stream.</summary>
    public void Reset()
    {
        _partialSum = 0f;
        _partialCount = 0;
    }
}
