using MusicEmotion.Inference.Onnx;

namespace MusicEmotion.Inference.Managed;

/// <summary>
/// The forecaster on the managed engine: an LSTM model over the last readings, history [*, n, 2] of
/// (arousal, valence) pairs -> next [*, 2] or [*, S, 2]. The model file does not say how far ahead it looks,
/// so the caller gives the horizon of each predicted point (the paper's predictor: one point, +1.0 s).
/// </summary>
public sealed class ManagedForecaster : IForecaster
{
    private readonly LstmNetworkRunner _runner;
    private readonly float[] _input;
    private readonly float[] _output;
    private bool _disposed;

    private ManagedForecaster(LstmNetwork network, IReadOnlyList<double> horizonSeconds, ManagedKernel kernel)
    {
        if (network.InputSize != 2)
        {
            throw new OnnxModelException(
                network.Source, $"input {network.DescribeInput()} is not a forecaster's [*,n,2] (n readings of arousal, valence)");
        }
        if (network.OutputSize != 2 * horizonSeconds.Count || horizonSeconds.Count == 0)
        {
            throw new OnnxModelException(
                network.Source,
                $"output is {TensorShape.Describe([.. network.OutputShape])}, which does not hold {horizonSeconds.Count} (arousal, valence) points, one per horizon given");
        }
        foreach (double horizon in horizonSeconds)
        {
            if (!double.IsFinite(horizon) || horizon <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(horizonSeconds), horizon, "a horizon is a positive number of seconds");
            }
        }
        if (network.IsStateful)
        {
            throw new OnnxModelException(network.Source, "is stateful; a forecaster reads its whole history on each call and carries no state");
        }
        _runner = new LstmNetworkRunner(network, kernel);
        _input = new float[network.Steps * 2];
        _output = new float[network.OutputSize];
        Info = new ForecastInfo(network.Name, network.Steps, [.. horizonSeconds]);
    }

    public ForecastInfo Info { get; }

    /// <param name="onnxPath">The forecaster model.</param>
    /// <param name="horizonSeconds">How far after the last reading each predicted point lies, one per point the model outputs.</param>
    /// <param name="kernel">Which kernels run it.</param>
    public static ManagedForecaster Load(string onnxPath, IReadOnlyList<double> horizonSeconds, ManagedKernel kernel = ManagedKernel.Best)
    {
        ArgumentNullException.ThrowIfNull(horizonSeconds);
        return new ManagedForecaster(LstmNetwork.Load(onnxPath), horizonSeconds, kernel);
    }

    public static ManagedForecaster Create(LstmNetwork network, IReadOnlyList<double> horizonSeconds, ManagedKernel kernel = ManagedKernel.Best)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(horizonSeconds);
        return new ManagedForecaster(network, horizonSeconds, kernel);
    }

    public void Predict(ReadOnlySpan<AffectPoint> history, Span<AffectPoint> next)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (history.Length != Info.HistoryLength)
        {
            throw new ArgumentException($"the forecaster reads the last {Info.HistoryLength} readings, got {history.Length}", nameof(history));
        }
        if (next.Length != Info.Steps)
        {
            throw new ArgumentException($"the forecaster predicts {Info.Steps} points, room given for {next.Length}", nameof(next));
        }
        for (int i = 0; i < history.Length; i++)
        {
            _input[2 * i] = history[i].Arousal;
            _input[2 * i + 1] = history[i].Valence;
        }
        _runner.Run(_input, _output);
        for (int i = 0; i < next.Length; i++)
        {
            next[i] = new AffectPoint(_output[2 * i], _output[2 * i + 1]);
        }
    }

    public void Dispose() => _disposed = true;
}
