namespace MusicEmotion.Audio.Conversion;

/// <summary>
/// Streaming band-limited sample-rate conversion of one channel with a polyphase windowed-sinc FIR (see
/// <see cref="ResamplerDesign"/> for the filter and why). Output sample n is the band-limited input evaluated at
/// input time n·inRate/outRate: the filter's delay is compensated, so output and input line up from sample 0.
/// </summary>
/// <remarks>
/// <para>Input arrives in chunks of any size, 0 and 1 included. Each output sample is computed once, as soon as the
/// input it depends on is there, from the same samples by the same operations however the input was cut, so the
/// output is bit-identical for any chunking. At the end, <see cref="Flush"/> treats the input as followed by
/// silence and emits the remaining ceil(N·outRate/inRate) - (emitted) samples.</para>
/// <para>Equal rates pass samples through untouched. <see cref="Process"/> and <see cref="Flush"/> allocate
/// nothing; the filter table and a history of taps + 4096 samples are allocated once.</para>
/// </remarks>
public sealed class PolyphaseResampler
{
    private const int BlockSize = 4096;

    private readonly ResamplerDesign _design;
    private readonly PolyphaseFilterBank? _bank;
    private readonly float[] _history;
    private readonly int _taps;
    private readonly int _halfTaps;
    private readonly int _up;
    private readonly int _wholeStep;
    private readonly int _fractionStep;
    private readonly double _inverseUp;

    /// <summary>Absolute input index of _history[0] (negative while the leading silence is in it).</summary>
    private long _historyStart;
    private int _historyCount;

    /// <summary>The next output's input time is _nextIndex + _nextPhase / L.</summary>
    private long _nextIndex;
    private int _nextPhase;

    private long _consumed;
    private long _produced;
    private bool _flushed;

    public PolyphaseResampler(int inputRate, int outputRate)
        : this(new ResamplerDesign(inputRate, outputRate))
    {
    }

    public PolyphaseResampler(ResamplerDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        _design = design;
        _up = design.UpFactor;
        _wholeStep = design.DownFactor / design.UpFactor;
        _fractionStep = design.DownFactor % design.UpFactor;
        _inverseUp = 1.0 / design.UpFactor;
        if (design.IsPassThrough)
        {
            _history = [];
            return;
        }
        _bank = new PolyphaseFilterBank(design);
        _taps = _bank.Taps;
        _halfTaps = _taps / 2;
        _history = new float[_taps + BlockSize];
        Reset();
    }

    public ResamplerDesign Design => _design;

    /// <summary>Input samples taken so far (flushed silence not counted).</summary>
    public long Consumed => _consumed;

    /// <summary>Output samples emitted so far.</summary>
    public long Produced => _produced;

    /// <summary>
    /// An upper bound on what one <see cref="Process"/> call writes for <paramref name="inputLength"/> samples in:
    /// floor((inputLength + 1)·L/M) + 1, whatever came before.
    /// </summary>
    public int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return _design.IsPassThrough
            ? inputLength
            : checked((int)(((long)inputLength + 1) * _design.UpFactor / _design.DownFactor + 1));
    }

    /// <summary>Exactly what <see cref="Flush"/> will write now: ceil(consumed·L/M) minus what was emitted.</summary>
    public int PendingOutputLength => _flushed ? 0 : (int)(TotalOutputLength(_consumed) - _produced);

    /// <summary>
    /// Takes all of <paramref name="input"/> and writes every output sample it completes into
    /// <paramref name="output"/>, which must hold <see cref="MaxOutputLength"/>(input.Length); returns the count.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("the resampler was flushed; call Reset() to start a new stream");
        }
        int capacity = MaxOutputLength(input.Length);
        if (output.Length < capacity)
        {
            throw new ArgumentException($"the output holds {output.Length} samples; {capacity} may be needed", nameof(output));
        }
        _consumed += input.Length;
        if (_bank is null)
        {
            input.CopyTo(output);
            _produced += input.Length;
            return input.Length;
        }
        int written = Emit(output, long.MaxValue);
        while (!input.IsEmpty)
        {
            Compact();
            int take = Math.Min(input.Length, _history.Length - _historyCount);
            input[..take].CopyTo(_history.AsSpan(_historyCount));
            _historyCount += take;
            input = input[take..];
            written += Emit(output[written..], long.MaxValue);
        }
        return written;
    }

    /// <summary>
    /// Ends the stream: emits the outputs that fall within the input's duration, computed as if silence followed,
    /// into <paramref name="output"/> (which must hold <see cref="PendingOutputLength"/>); returns the count.
    /// </summary>
    public int Flush(Span<float> output)
    {
        int pending = PendingOutputLength;
        if (output.Length < pending)
        {
            throw new ArgumentException($"the output holds {output.Length} samples; {pending} are pending", nameof(output));
        }
        _flushed = true;
        if (_bank is null)
        {
            return 0;
        }
        long target = _produced + pending;
        int written = Emit(output, target);
        while (_produced < target)
        {
            Compact();
            _history.AsSpan(_historyCount).Clear();
            _historyCount = _history.Length;
            written += Emit(output[written..], target);
        }
        return written;
    }

    /// <summary>Forgets the stream: the next input is sample 0 of a new one, preceded by silence.</summary>
    public void Reset()
    {
        _consumed = 0;
        _produced = 0;
        _flushed = false;
        _nextIndex = 0;
        _nextPhase = 0;
        if (_bank is null)
        {
            return;
        }
        // The first output is centred on input sample 0, so the taps before it see silence.
        _historyStart = -(_halfTaps - 1);
        _historyCount = _halfTaps - 1;
        _history.AsSpan().Clear();
    }

    private long TotalOutputLength(long inputLength) =>
        (long)(((Int128)inputLength * _design.UpFactor + _design.DownFactor - 1) / _design.DownFactor);

    /// <summary>Writes every output whose window the history covers, up to <paramref name="limit"/> outputs in all.</summary>
    private int Emit(Span<float> output, long limit)
    {
        long available = _historyStart + _historyCount;
        int written = 0;
        while (_nextIndex + _halfTaps < available && _produced < limit)
        {
            int offset = (int)(_nextIndex - _halfTaps + 1 - _historyStart);
            output[written++] = Filter(_history.AsSpan(offset, _taps));
            _produced++;
            _nextIndex += _wholeStep;
            _nextPhase += _fractionStep;
            if (_nextPhase >= _up)
            {
                _nextPhase -= _up;
                _nextIndex++;
            }
        }
        return written;
    }

    private float Filter(ReadOnlySpan<float> window)
    {
        PolyphaseFilterBank bank = _bank!;
        if (_design.IsExactRatio)
        {
            return VectorDot.Dot(window, bank.Row(_nextPhase));
        }
        long position = (long)_nextPhase * bank.Phases;
        int row = (int)(position / _up);
        float fraction = (float)((position - (long)row * _up) * _inverseUp);
        float lower = VectorDot.Dot(window, bank.Row(row));
        return fraction == 0f ? lower : lower + fraction * (VectorDot.Dot(window, bank.Row(row + 1)) - lower);
    }

    /// <summary>Drops the history no future output needs and moves the rest to the front.</summary>
    private void Compact()
    {
        int obsolete = (int)(_nextIndex - _halfTaps + 1 - _historyStart);
        if (obsolete <= 0)
        {
            return;
        }
        _history.AsSpan(obsolete, _historyCount - obsolete).CopyTo(_history);
        _historyStart += obsolete;
        _historyCount -= obsolete;
    }
}
