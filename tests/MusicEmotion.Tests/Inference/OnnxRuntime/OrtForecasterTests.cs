using System.Runtime.InteropServices;
using MusicEmotion.Features;
using MusicEmotion.Inference.OnnxRuntime;
using MusicEmotion.Inference;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Inference.OnnxRuntime;

public sealed class OrtForecasterTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void PaperPredictorMatchesTorchOnEveryWindow()
    {
        string reference = OrtModels.RequireReference();
        using var forecaster = OrtForecaster.Load(Path.Combine(reference, OrtModels.PaperPredictor), OrtModels.PaperHorizon);
        Assert.Equal("paper_predictor", forecaster.Info.Source);
        Assert.Equal(10, forecaster.Info.HistoryLength);
        Assert.Equal([1.0], forecaster.Info.HorizonSeconds);
        double worst = 0;
        Span<AffectPoint> next = stackalloc AffectPoint[1];
        foreach (string track in ReferencePaths.Tracks)
        {
            NpyArray av = NpyFile.Read(Path.Combine(reference, track + ".paper_av.npy"));
            NpyArray expected = NpyFile.Read(Path.Combine(reference, track + ".paper_next.npy"));
            ReadOnlySpan<AffectPoint> readings = MemoryMarshal.Cast<float, AffectPoint>(av.Data);
            Assert.Equal(readings.Length - 9, expected.Shape[0]);
            for (int i = 0; i + 10 <= readings.Length; i++)
            {
                forecaster.Predict(readings.Slice(i, 10), next);
                double error = Math.Max(Math.Abs(next[0].Arousal - expected.Row(i)[0]), Math.Abs(next[0].Valence - expected.Row(i)[1]));
                Assert.True(error <= 1e-5, $"{track} window {i}: {next[0]} vs ({expected.Row(i)[0]}, {expected.Row(i)[1]})");
                worst = Math.Max(worst, error);
            }
        }
        output.WriteLine($"paper_predictor.onnx vs paper_next.npy: max abs error {worst:E2}");
    }

    [SkippableFact]
    public void RejectsHistoryAndRoomOfTheWrongLength()
    {
        using var forecaster = OrtForecaster.Load(OrtModels.Path(OrtModels.PaperPredictor), OrtModels.PaperHorizon);
        var history = new AffectPoint[9];
        var next = new AffectPoint[1];
        Assert.Contains("last 10 readings", Assert.Throws<ArgumentException>(() => forecaster.Predict(history, next)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => forecaster.Predict(new AffectPoint[10], new AffectPoint[2]));
    }

    [SkippableFact]
    public void HorizonsMustMatchWhatTheModelPredicts()
    {
        string path = OrtModels.Path(OrtModels.PaperPredictor);
        var error = Assert.Throws<InvalidDataException>(() => OrtForecaster.Load(path, [0.5, 1.0]));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("predicts 1 point(s), but 2 horizon(s)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OrtForecaster.Load(path, [1.0, 0.5]));
        Assert.Throws<ArgumentException>(() => OrtForecaster.Load(path, []));
    }

    [SkippableFact]
    public void MultiStepForecasterFillsEveryHorizon()
    {
        OrtModels.RequireRuntime();
        using var scratch = new TempFolder();
        string path = scratch.File("last_readings.onnx");
        PythonOnnxModelWriter.WriteLastReadings(path, historyLength: 10, steps: 3);
        using var forecaster = OrtForecaster.Load(path, [0.5, 1.0, 1.5]);
        Assert.Equal(10, forecaster.Info.HistoryLength);
        Assert.Equal(3, forecaster.Info.Steps);

        AffectPoint[] history = [.. Enumerable.Range(0, 10).Select(i => new AffectPoint(0.1f * i, -0.1f * i))];
        var next = new AffectPoint[3];
        forecaster.Predict(history, next);
        Assert.Equal(history[7..], next);

        var error = Assert.Throws<InvalidDataException>(() => OrtForecaster.Load(path, [1.0]));
        Assert.Equal($"{path}: output 'next' [1,3,2] predicts 3 point(s), but 1 horizon(s) were given", error.Message);
    }
}
