using System.Runtime.InteropServices;
using MusicEmotion.Native.OnnxRuntime;

namespace MusicEmotion.Inference.OnnxRuntime;

/// <summary>
/// A forecaster model run by ONNX Runtime: the last T readings in, S future points out, through tensors bound
/// once over pinned buffers, so <see cref="Predict"/> allocates nothing. How far ahead each output point lies is
/// a property of how the model was trained, which the file does not say: the caller passes it in (the paper's
/// predictor was trained to predict two half-second steps ahead, so its one point lies +1.0 s out).
/// </summary>
public sealed class OrtForecaster : IForecaster
{
    private const int WarmUpRuns = 3;

    private readonly OnnxSession _session;
    private readonly PinnedOrtTensor _history;
    private readonly PinnedOrtTensor _next;
    private readonly OnnxBinding _binding;
    private bool _disposed;

    private OrtForecaster(OnnxSession session, ForecastInfo info, long[] nextShape, OrtProvider provider)
    {
        _session = session;
        Info = info;
        Provider = provider;
        _history = new PinnedOrtTensor(1, info.HistoryLength, 2);
        _next = new PinnedOrtTensor(nextShape);
        _binding = session.CreateBinding();
        _binding.BindInput(OrtModelContract.History, _history);
        _binding.BindOutput(OrtModelContract.Next, _next);
    }

    public ForecastInfo Info { get; }

    /// <summary>The provider it runs on.</summary>
    public OrtProvider Provider { get; }

    /// <summary>What <see cref="OrtProvider.Auto"/> measured and chose; empty when a provider was named.</summary>
    public string Note { get; private set; } = "";

    /// <summary>
    /// Loads <paramref name="onnxPath"/>, checks it against the forecaster contract and warms it up.
    /// <paramref name="horizonSeconds"/>: for each output point, how far after the last reading it lies.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a model ORT can load, or not a forecaster whose outputs match the horizons.</exception>
    /// <exception cref="OrtProviderUnavailableException">The provider asked for cannot start here.</exception>
    public static OrtForecaster Load(string onnxPath, IReadOnlyList<double> horizonSeconds, OrtEngineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        ArgumentNullException.ThrowIfNull(horizonSeconds);
        if (horizonSeconds.Count == 0 || horizonSeconds.Any(h => !double.IsFinite(h) || h <= 0)
            || horizonSeconds.Zip(horizonSeconds.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            throw new ArgumentException(
                $"horizons must be positive, finite and increasing seconds, got [{string.Join(", ", horizonSeconds)}]",
                nameof(horizonSeconds));
        }
        options ??= OrtEngineOptions.Default;
        double[] horizons = [.. horizonSeconds];
        (OrtForecaster forecaster, OrtProvider _, string note) = OrtProviderChoice.Load(
            options, provider => Create(onnxPath, horizons, options, provider), f => f._binding.Run());
        forecaster.Note = note;
        return forecaster;
    }

    public void Predict(ReadOnlySpan<AffectPoint> history, Span<AffectPoint> next)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (history.Length != Info.HistoryLength)
        {
            throw new ArgumentException($"expected the last {Info.HistoryLength} readings, got {history.Length}", nameof(history));
        }
        if (next.Length != Info.Steps)
        {
            throw new ArgumentException($"room for {Info.Steps} forecast point(s) expected, got {next.Length}", nameof(next));
        }
        // AffectPoint is (arousal, valence) as two floats: the model's [.., 2] layout exactly.
        MemoryMarshal.Cast<AffectPoint, float>(history).CopyTo(_history.Values);
        _binding.Run();
        MemoryMarshal.Cast<float, AffectPoint>(_next.Values).CopyTo(next);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _binding.Dispose();
        _history.Dispose();
        _next.Dispose();
        _session.Dispose();
    }

    private static OrtForecaster Create(string path, double[] horizons, OrtEngineOptions options, OrtProvider provider)
    {
        OnnxSession session = OrtSessionLoader.Open(path, options, provider);
        try
        {
            (int historyLength, long[] nextShape) = OrtModelContract.ReadForecaster(session, path, horizons.Length);
            var info = new ForecastInfo(Path.GetFileNameWithoutExtension(path), historyLength, horizons);
            var forecaster = new OrtForecaster(session, info, nextShape, provider);
            for (int i = 0; i < WarmUpRuns; i++)
            {
                forecaster._binding.Run();
            }
            return forecaster;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
