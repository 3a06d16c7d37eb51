using System.Diagnostics;
using System.Runtime.CompilerServices;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Models;
using MusicEmotion.Inference.OnnxRuntime;
using MusicEmotion.Native;

namespace MusicEmotion.Inference;

/// <summary>Which engine runs the models: the command line's --engine.</summary>
public enum EngineKind
{
    /// <summary>Measure both on this model and keep the faster; managed alone when ONNX Runtime is missing.</summary>
    Auto,

    /// <summary>The pure C# SIMD engine: no native dependency.</summary>
    Managed,

    /// <summary>ONNX Runtime through its C API, on the provider of <see cref="EngineOptions.Ort"/>.</summary>
    OnnxRuntime,
}

/// <summary>How engines and forecasters are made.</summary>
public sealed record EngineOptions
{
    public static EngineOptions Default { get; } = new();

    public EngineKind Engine { get; init; } = EngineKind.Auto;

    public OrtEngineOptions Ort { get; init; } = OrtEngineOptions.Default;

    /// <summary>Steps timed per engine when <see cref="EngineKind.Auto"/> chooses.</summary>
    public int AutoTimingSteps { get; init; } = 20;

    /// <summary>Where <see cref="EngineKind.Auto"/> remembers its choice; null: <see cref="EngineChoiceCache.Default"/>.</summary>
    public EngineChoiceCache? ChoiceCache { get; init; }

    /// <summary>Measure again with <see cref="EngineKind.Auto"/> even when a choice is remembered (and remember the new one).</summary>
    public bool Retime { get; init; }

    public static EngineKind ParseKind(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "auto" => EngineKind.Auto,
        "managed" => EngineKind.Managed,
        "onnxruntime" or "ort" => EngineKind.OnnxRuntime,
        _ => throw new ArgumentException($"unknown engine '{name}': expected auto, managed or onnxruntime", nameof(name)),
    };
}

/// <summary>
/// Makes the emotion engine and the forecaster a session runs, from models found by <see cref="ModelCatalog"/>.
/// <c>auto</c> measures rather than assumes: small recurrent models are often faster in the managed engine than
/// through a native runtime's per-call overhead, and the choice with its reason lands in <see cref="EngineInfo.Note"/>.
/// </summary>
public static class EngineFactory
{
    /// <summary>
    /// Steps every engine runs before its first frame: under the JIT, enough for the runtime to optimise each
    /// per-frame method; compiled ahead of time (the NativeAOT release) there is nothing to optimise, and two steps
    /// only touch the engine's buffers, so a one-shot start does not pay for 40.
    /// </summary>
    public static int WarmUpSteps { get; } = RuntimeFeature.IsDynamicCodeCompiled ? 40 : 2;

    /// <summary>
    /// The engine for <paramref name="model"/>, warmed up and reset: its first real frame costs what every later one
    /// does, whichever engine it is and whichever command made it. <paramref name="modelSha256"/> is the model
    /// file's sha256 when the caller has it already (auto's cache key needs it); otherwise auto hashes the file.
    /// </summary>
    public static IEmotionEngine CreateEmotionEngine(ModelEntry model, EngineOptions options, string? modelSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        (IEmotionEngine engine, string choice) = options.Engine switch
        {
            EngineKind.Managed => (ManagedEmotionEngine.Load(model.OnnxPath), ""),
            EngineKind.OnnxRuntime => (OrtEmotionEngine.Load(model.OnnxPath, options.Ort), ""),
            _ => ChooseFaster(model, options, modelSha256 ?? ModelCatalog.Sha256(model.OnnxPath)),
        };
        RunSteps(engine, WarmUpSteps);
        engine.Reset();
        string note = choice.Length == 0 ? engine.Info.Note : engine.Info.Note.Length == 0 ? choice : $"{choice}; {engine.Info.Note}";
        return new DescribedEngine(engine, engine.Info with { Note = note, WarmUpSteps = WarmUpSteps });
    }

    /// <summary>
    /// The forecaster for <paramref name="model"/> on the same kind of engine, or the linear-trend fallback when
    /// <paramref name="model"/> is null. Its horizons come from the model's card; a model without a card is taken
    /// to predict consecutive half-second steps.
    /// </summary>
    public static IForecaster CreateForecaster(ModelEntry? model, EngineKind engine, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (model is null)
        {
            return new LinearTrendForecaster();
        }
        IReadOnlyList<double> horizons = model.Card?.HorizonSeconds is { Count: > 0 } fromCard
            ? fromCard
            : Enumerable.Range(1, LstmNetwork.Load(model.OnnxPath).OutputSize / 2).Select(i => 0.5 * i).ToArray();
        return engine == EngineKind.OnnxRuntime
            ? OrtForecaster.Load(model.OnnxPath, horizons, options.Ort)
            : ManagedForecaster.Load(model.OnnxPath, horizons);
    }

    /// <summary>The kind an engine is, for making its forecaster on the same engine.</summary>
    public static EngineKind KindOf(IEmotionEngine engine) =>
        engine?.Info.Engine == "onnxruntime" ? EngineKind.OnnxRuntime : EngineKind.Managed;

    /// <summary>auto's engine, and why it was chosen.</summary>
    private static (IEmotionEngine Engine, string Choice) ChooseFaster(ModelEntry model, EngineOptions options, string modelSha256)
    {
        IEmotionEngine managed;
        try
        {
            managed = ManagedEmotionEngine.Load(model.OnnxPath);
        }
        catch (Onnx.OnnxModelException managedError)
        {
            // The managed engine runs LSTM networks only; anything else needs ONNX Runtime.
            IEmotionEngine ort;
            try
            {
                ort = OrtEmotionEngine.Load(model.OnnxPath, options.Ort);
            }
            catch (NativeLibraryMissingException missing)
            {
                // Without this the user who asked for auto would not learn why ONNX Runtime was needed.
                throw new NativeLibraryMissingException($"{missing.Message} (auto: {managedError.Message})", missing);
            }
            return (ort, $"auto: onnxruntime (managed cannot run this model: {managedError.Message})");
        }
        // The remembered choice is looked up first: when it is the managed engine, ONNX Runtime's library (some 7 ms to
        // load and link here) is never opened.
        EngineChoiceCache cache = options.ChoiceCache ?? EngineChoiceCache.Default;
        string key = EngineChoiceCache.KeyFor(modelSha256, options.Ort);
        EngineChoice? remembered = options.Retime ? null : cache.Find(key);
        string measured = remembered is null ? "" : $"managed {remembered.ManagedMicros:F0} us/step, onnxruntime {remembered.OnnxMicros:F0} us/step"
            + $" on {remembered.MeasuredUtc:yyyy-MM-dd}; --retime measures again";
        if (remembered?.Engine == EngineKind.Managed)
        {
            return (managed, $"auto: managed, as measured before ({measured})");
        }
        if (!NativeLibraries.IsAvailable(NativeLibraries.OnnxRuntime))
        {
            return (managed, "auto: managed (ONNX Runtime library not installed)");
        }
        if (remembered is not null)
        {
            if (TryLoadOnnx(model, options, out IEmotionEngine? cachedOnnx, out _))
            {
                managed.Dispose();
                return (cachedOnnx!, $"auto: onnxruntime, as measured before ({measured})");
            }
        }
        if (!TryLoadOnnx(model, options, out IEmotionEngine? onnx, out string? failure))
        {
            return (managed, $"auto: managed (onnxruntime failed: {failure})");
        }
        double managedMicros = MicrosecondsPerStep(managed, options.AutoTimingSteps);
        double onnxMicros = MicrosecondsPerStep(onnx!, options.AutoTimingSteps);
        bool managedWins = managedMicros <= onnxMicros;
        (managedWins ? onnx! : managed).Dispose();
        cache.Remember(key, new EngineChoice(managedWins ? EngineKind.Managed : EngineKind.OnnxRuntime, managedMicros, onnxMicros, DateTimeOffset.UtcNow));
        string note = $"auto: managed {managedMicros:F0} us/step, onnxruntime ({onnx!.Info.Provider}) {onnxMicros:F0} us/step"
            + $" -> {(managedWins ? "managed" : "onnxruntime")}";
        return (managedWins ? managed : onnx!, note);
    }

    private static bool TryLoadOnnx(ModelEntry model, EngineOptions options, out IEmotionEngine? engine, out string? failure)
    {
        try
        {
            engine = OrtEmotionEngine.Load(model.OnnxPath, options.Ort);
            failure = null;
            return true;
        }
        catch (Exception error) when (error is InvalidDataException or OrtProviderUnavailableException or Native.OnnxRuntime.OnnxRuntimeException)
        {
            engine = null;
            failure = error.Message;
            return false;
        }
    }

    private static double MicrosecondsPerStep(IEmotionEngine engine, int steps)
    {
        float[] frame = NoiseFrame(engine);
        RunSteps(engine, frame, 1);
        long start = Stopwatch.GetTimestamp();
        RunSteps(engine, frame, steps);
        double micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Math.Max(1, steps);
        engine.Reset();
        return micros;
    }

    private static void RunSteps(IEmotionEngine engine, int steps) => RunSteps(engine, NoiseFrame(engine), steps);

    private static void RunSteps(IEmotionEngine engine, float[] frame, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            engine.Step(frame);
        }
    }

    /// <summary>A frame of quiet noise, so the model's values are ordinary rather than all zero.</summary>
    private static float[] NoiseFrame(IEmotionEngine engine)
    {
        var frame = new float[engine.Info.Signature.FrameSize];
        var random = new Random(1);
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = random.NextSingle() - 0.5f;
        }
        return frame;
    }

    /// <summary>Carries what the factory adds to <see cref="EngineInfo"/> (auto's reason, the warm-up) without each engine having to allow it.</summary>
    private sealed class DescribedEngine(IEmotionEngine inner, EngineInfo info) : IEmotionEngine
    {
        public EngineInfo Info { get; } = info;

        public AffectPoint Step(ReadOnlySpan<float> features) => inner.Step(features);

        public void Reset() => inner.Reset();

        public LstmState SnapshotState() => inner.SnapshotState();

        public void RestoreState(LstmState state) => inner.RestoreState(state);

        public void CopyStateTo(LstmState state) => inner.CopyStateTo(state);

        public void Dispose() => inner.Dispose();
    }
}
