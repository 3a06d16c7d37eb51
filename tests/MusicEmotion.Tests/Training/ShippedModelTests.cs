using System.Globalization;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Models;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Support;
using Xunit.Abstractions;

namespace MusicEmotion.Tests.Training;

/// <summary>
/// The models in models/ are the ones trained: each engine reproduces PyTorch on forty consecutive held-out frames
/// with the state carried, the cards describe the files beside them, and analyze uses them when given no model.
/// </summary>
public sealed class ShippedModelTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;

    private static readonly string Models = Path.Combine(ReferencePaths.RepositoryRoot, "models");

    public static TheoryData<EngineKind> Engines => new(EngineKind.Managed, EngineKind.OnnxRuntime);

    [SkippableTheory]
    [MemberData(nameof(Engines))]
    public void TheEmotionModelCarriesItsStateLikeTorchOverFortyFrames(EngineKind kind)
    {
        var fixture = TrainedModelFixture.Read(Path.Combine(ReferencePaths.RepositoryRoot, "tools", "training", "parity", "musicemotion-emotion"));
        Assert.True(fixture.Frames >= 40, $"the fixture holds only {fixture.Frames} frames");
        ParityErrors errors = fixture.Compare(kind, Path.Combine(Models, "musicemotion-emotion.onnx"));
        output.WriteLine($"{kind}: shipped model vs PyTorch over {fixture.Frames} frames: {errors}");
        Assert.InRange(errors.Worst, 0f, Tolerance);
    }

    [Fact]
    public void EachCardDescribesTheModelBesideIt()
    {
        ModelEntry emotion = ModelCatalog.Describe(Path.Combine(Models, ModelCatalog.DefaultEmotionModel + ".onnx"));
        ModelEntry forecaster = ModelCatalog.Describe(Path.Combine(Models, ModelCatalog.DefaultForecaster + ".onnx"));
        foreach (ModelEntry model in new[] { emotion, forecaster })
        {
            Assert.NotNull(model.Card);
            Assert.Equal(ModelCatalog.Sha256(model.OnnxPath), model.Card.Sha256);
            Assert.Equal(["arousal", "valence"], model.Card.Labels);
            Assert.False(string.IsNullOrWhiteSpace(model.Card.License));
            Assert.NotNull(model.Card.Metrics);
        }
        Assert.Equal("emotion", emotion.Kind);
        Assert.NotNull(emotion.Card!.State);
        Assert.Equal("forecaster", forecaster.Kind);
        Assert.Equal([0.5, 1.0, 1.5, 2.0], forecaster.Card!.HorizonSeconds);
    }

    [Fact]
    public void TheModelsCommandListsBothWithTheirHeldOutNumbers()
    {
        CliResult result = CliProcess.Run("models");
        Assert.True(result.ExitCode == 0, result.Stderr);
        // The table wraps long cells onto further lines, so only words that cannot be split are looked for.
        foreach (string word in new[] { "emotion", "forecaster", "LSTM", "RMSE", "CCC", "MIT" })
        {
            Assert.Contains(word, result.Stdout);
        }
    }

    [SkippableFact]
    public void AnalyzeWithNoModelGivenRunsOursAndFollowsTheMusic()
    {
        string reference = Requires.ReferenceData();
        string[] tracks = ["frantic", "sad"];
        var means = new Dictionary<string, (double Arousal, double Valence)>();
        foreach (string track in tracks)
        {
            string wav = Path.Combine(reference, "music", track + ".wav");
            // One engine for both runs: auto might pick differently under load, and the engines differ in the 7th digit.
            CliResult byDefault = CliProcess.Run("analyze", wav, "--format", "csv", "--no-progress", "--engine", "managed");
            CliResult named = CliProcess.Run("analyze", wav, "--format", "csv", "--no-progress", "--engine", "managed",
                "--model", ModelCatalog.DefaultEmotionModel, "--forecaster", ModelCatalog.DefaultForecaster);
            Assert.True(byDefault.ExitCode == 0, byDefault.Stderr);
            Assert.Equal(named.Stdout, byDefault.Stdout);
            string[] header = byDefault.StdoutLines[0].Split(',');
            int arousal = Array.IndexOf(header, "arousal"), valence = Array.IndexOf(header, "valence");
            double[][] rows = byDefault.StdoutLines.Skip(1)
                .Select(line => line.Split(','))
                .Select(cells => new[] { double.Parse(cells[arousal], CultureInfo.InvariantCulture), double.Parse(cells[valence], CultureInfo.InvariantCulture) })
                .ToArray();
            Assert.All(rows, row => Assert.True(double.IsFinite(row[0]) && double.IsFinite(row[1])));
            means[track] = (rows.Average(r => r[0]), rows.Average(r => r[1]));
            output.WriteLine($"{track}: mean arousal {means[track].Arousal:+0.000;-0.000}, valence {means[track].Valence:+0.000;-0.000} over {rows.Length} frames");
        }
        // The paper's model puts every track within 0.03 of one point; ours must tell a frantic track from a sad one.
        Assert.True(means["frantic"].Arousal - means["sad"].Arousal > 0.15,
            $"frantic arousal {means["frantic"].Arousal:F3} is not clearly above sad's {means["sad"].Arousal:F3}");
    }
}
