using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>How an ONNX Runtime engine or forecaster is built.</summary>
public sealed record OrtEngineOptions
{
    public static OrtEngineOptions Default { get; } = new();

    /// <summary>Where the model runs; <see cref="OrtProvider.Auto"/> measures each provider that starts and keeps the fastest.</summary>
    public OrtProvider Provider { get; init; } = OrtProvider.Cpu;

    /// <summary>
    /// Threads inside one operator. One by default: a frame is a 44-step LSTM of a few thousand weights, far too
    /// small for a thread pool's hand-offs to pay, and a second thread would compete with the audio pipeline.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads across independent operators; an LSTM stack has none, so one.</summary>
    public int InterOpThreads { get; init; } = 1;

    public OnnxGraphOptimization Optimization { get; init; } = OnnxGraphOptimization.All;

    /// <summary>The GPU (CUDA device or DirectML adapter) index for the GPU providers.</summary>
    public int DeviceId { get; init; }

    /// <summary>Runs timed per provider when <see cref="OrtProvider.Auto"/> chooses.</summary>
    public int AutoTimingSteps { get; init; } = 20;
}
