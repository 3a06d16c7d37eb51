namespace MusicEmotion.Visualiser.Feed;

/// <summary>The status line: which engine runs where, how fast, and how many frames were dropped.</summary>
/// <param name="Engine">"managed" or "onnxruntime".</param>
/// <param name="Provider">Where it runs: "managed", "cpu", "cuda", "dml".</param>
/// <param name="Device">The audio input (device name or file).</param>
/// <param name="LatencyP50Ms">Median frame latency, capture to reading, in milliseconds; NaN for a file, which has no capture.</param>
/// <param name="LatencyP99Ms">99th percentile frame latency, in milliseconds.</param>
/// <param name="Drops">Frames dropped so far.</param>
public sealed record ViewStatus(
    string Engine, string Provider, string Device, double LatencyP50Ms, double LatencyP99Ms, long Drops);
