namespace MusicEmotion.Pipeline.Diagnostics;

/// <summary>
/// What happened to frames on the way: made, dropped where (the live path drops the oldest when a stage falls
/// behind), and capture overruns. Written by several stages with Interlocked; read for reports at any time.
/// </summary>
public sealed class PipelineCounters
{
    private long _frames;
    private long _readings;
    private long _audioDrops;
    private long _featureDrops;
    private long _captureOverruns;
    private long _repairedSamples;
    private readonly Dictionary<string, SinkCounter> _sinks = new(StringComparer.Ordinal);

    public long Frames => Interlocked.Read(ref _frames);

    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>Audio frames dropped because the feature stage fell behind.</summary>
    public long AudioDrops => Interlocked.Read(ref _audioDrops);

    /// <summary>Feature frames dropped because inference fell behind.</summary>
    public long FeatureDrops => Interlocked.Read(ref _featureDrops);

    /// <summary>Capture callbacks whose samples did not fit in the ring (the pump fell behind).</summary>
    public long CaptureOverruns => Interlocked.Read(ref _captureOverruns);

    /// <summary>Non-finite input samples replaced with silence.</summary>
    public long RepairedSamples => Interlocked.Read(ref _repairedSamples);

    public IReadOnlyDictionary<string, SinkCounter> Sinks => _sinks;

    public void FrameMade() => Interlocked.Increment(ref _frames);

    public void ReadingMade() => Interlocked.Increment(ref _readings);

    public void AudioDropped() => Interlocked.Increment(ref _audioDrops);

    public void FeatureDropped() => Interlocked.Increment(ref _featureDrops);

    public void SetCaptureOverruns(long total) => Interlocked.Exchange(ref _captureOverruns, total);

    public void SetRepairedSamples(long total) => Interlocked.Exchange(ref _repairedSamples, total);

    /// <summary>Registers a sink's counter (before the session starts).</summary>
    public SinkCounter AddSink(string name)
    {
        var counter = new SinkCounter();
        _sinks[name] = counter;
        return counter;
    }

    public long TotalDrops => AudioDrops + FeatureDrops + _sinks.Values.Sum(s => s.Dropped);
}

/// <summary>One sink's deliveries, drops and failure.</summary>
public sealed class SinkCounter
{
    private long _delivered;
    private long _dropped;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The exception the sink threw, after which it received nothing more.</summary>
    public Exception? Failure { get; set; }

    public void Delivery() => Interlocked.Increment(ref _delivered);

    public void Drop() => Interlocked.Increment(ref _dropped);
}
