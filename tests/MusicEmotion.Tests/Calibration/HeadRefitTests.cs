using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Models;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Calibration;

/// <summary>
/// The output-head refit: its fit on synthetic hidden states, and the engine that applies it per frame on the shipped
/// model run by the real managed engine.
/// </summary>
public sealed class HeadRefitTests
{
    private const int Hidden = 32;

    private static readonly string ShippedModel = Path.Combine(ReferencePaths.RepositoryRoot, "models", "musicemotion-emotion.onnx");

    [Fact]
    public void TheFitRecoversAKnownHeadFromSyntheticHiddenStates()
    {
        var random = new Random(2);
        OutputHead model = RandomHead(random, 0.3f);
        // The listener's head: the model's, moved by as much again.
        OutputHead truth = new(
            model.Weights.Select(w => w + (float)(random.NextDouble() - 0.5) * 0.6f).ToArray(),
            [model.Bias[0] + 0.2f, model.Bias[1] - 0.3f]);
        CalibrationSample[] samples = Samples(random, 200, truth, model);

        HeadRefitFit fit = HeadRefitCalibrator.Fit(samples, model);

        Assert.False(double.IsPositiveInfinity(fit.Lambda), "the refit kept the model's head");
        CalibrationSample[] heldOut = Samples(random, 400, truth, model);
        Assert.True(Rmse(fit.Head, heldOut) < 0.2 * Rmse(model, heldOut),
            $"held-out RMSE {Rmse(fit.Head, heldOut):0.0000} against the model's {Rmse(model, heldOut):0.0000}");
        Assert.True(fit.CvRmseAfter < fit.CvRmseBefore);
    }

    [Fact]
    public void LabelsThatAgreeWithTheModelKeepItsHead()
    {
        var random = new Random(3);
        OutputHead model = RandomHead(random, 0.3f);

        HeadRefitFit fit = HeadRefitCalibrator.Fit(Samples(random, 20, model, model), model);

        Assert.True(double.IsPositiveInfinity(fit.Lambda));
        Assert.True(fit.Head.SameAs(model));
    }

    [Fact]
    public void TheShippedModelsOwnHeadGivesItsReadingsBitForBit()
    {
        LstmNetwork network = LstmNetwork.Load(ShippedModel);
        OutputHead head = OutputHead.Of(network) ?? throw new InvalidOperationException("the shipped model's head is not dense + tanh");
        using var plain = ManagedEmotionEngine.Create(network);
        using var refitted = new RefittedHeadEngine(ManagedEmotionEngine.Create(network), head);
        var random = new Random(4);
        for (int frame = 0; frame < 20; frame++)
        {
            float[] features = Frame(random);
            AffectPoint expected = plain.Step(features);
            AffectPoint actual = refitted.Step(features);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Arousal), BitConverter.SingleToInt32Bits(actual.Arousal));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Valence), BitConverter.SingleToInt32Bits(actual.Valence));
        }
    }

    [Fact]
    public void ARefittedHeadChangesTheReadingsAndAllocatesNothingPerFrame()
    {
        LstmNetwork network = LstmNetwork.Load(ShippedModel);
        OutputHead model = OutputHead.Of(network)!;
        OutputHead shifted = model with { Bias = [model.Bias[0] + 0.5f, model.Bias[1] - 0.5f] };
        using var plain = ManagedEmotionEngine.Create(network);
        // Through the factory, as every session gets its engine (wrapped in the factory's own engine).
        using var refitted = new RefittedHeadEngine(
            EngineFactory.CreateEmotionEngine(ModelCatalog.Describe(ShippedModel), EngineOptions.Default with { Engine = EngineKind.Managed }), shifted);
        var random = new Random(5);
        float[][] frames = Enumerable.Range(0, 4).Select(_ => Frame(random)).ToArray();
        AffectPoint before = plain.Step(frames[0]), after = refitted.Step(frames[0]);
        // tanh(z + 0.5) from the model's own reading tanh(z): the refit reads the h the model's head read.
        Assert.Equal(MathF.Tanh(MathF.Atanh(before.Arousal) + 0.5f), after.Arousal, 4);
        Assert.Equal(MathF.Tanh(MathF.Atanh(before.Valence) - 0.5f), after.Valence, 4);

        (long bytes, _) = Allocations.During(50, i =>
        {
            AffectPoint p = refitted.Step(frames[i % frames.Length]);
            return p.Arousal > 0 ? 1 : 0;
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void AnAffineProfileWrittenBeforeHeadRefitsStillLoadsAndAppliesItsMap()
    {
        using var folder = new TempFolder();
        string sha = new('a', 64);
        File.WriteAllText(folder.File("old.json"), $$"""
            {
              "name": "old",
              "model": "musicemotion-emotion",
              "model_sha256": "{{sha}}",
              "labels": 12,
              "method": "affine ridge toward identity",
              "lambda": 0.3,
              "cv_rmse_before": 0.3,
              "cv_rmse_after": 0.2,
              "map": {
                "arousal_from_arousal": 0.5, "arousal_from_valence": 0, "arousal_offset": 0.1,
                "valence_from_arousal": 0, "valence_from_valence": 1.2, "valence_offset": -0.3
              }
            }
            """);

        CalibrationProfile profile = CalibrationProfile.Load("old", sha, folder.Path);

        Assert.Null(profile.Head);
        Assert.Null(profile.HeadRefitCvRmse);
        Assert.Equal(new AffineCalibration(0.5f, 0, 0.1f, 0, 1.2f, -0.3f), profile.Map);
        using IEmotionEngine engine = profile.Apply(ManagedEmotionEngine.Load(ShippedModel));
        Assert.IsType<CalibratedEngine>(engine);
    }

    [Fact]
    public void AHeadRefitProfileRoundTripsThroughItsFile()
    {
        using var folder = new TempFolder();
        OutputHead head = RandomHead(new Random(6), 0.3f);
        var profile = new CalibrationProfile
        {
            Name = "refit", Model = "m", ModelSha256 = new string('b', 64), Labels = 20, Method = "head refit",
            Lambda = 0.1, CvRmseBefore = 0.3, CvRmseAfter = 0.2, Map = AffineCalibration.Identity, Head = head,
            AffineCvRmse = 0.25, HeadRefitCvRmse = 0.2, HeadRefitLabels = 20,
        };
        profile.Save(CalibrationProfile.PathOf("refit", folder.Path));

        CalibrationProfile loaded = CalibrationProfile.Load("refit", profile.ModelSha256, folder.Path);

        Assert.True(loaded.Head!.SameAs(head));
        Assert.Equal(0.25, loaded.AffineCvRmse);
    }

    [Fact]
    public void CalibrateKeepsTheHeadRefitWhenOnlyItCanFollowTheListener()
    {
        var random = new Random(7);
        OutputHead model = RandomHead(random, 0.3f);
        // A listener whose feeling depends on h in ways the model's two readings do not show: no affine map of the
        // readings can follow it, a head refit can.
        OutputHead listener = new(model.Weights.Select(w => -w + (float)(random.NextDouble() - 0.5) * 0.4f).ToArray(), [0.1f, -0.2f]);

        CalibrationChoice choice = CalibrationChoice.Fit(Samples(random, 60, listener, model), model);

        Assert.Equal(CalibrationMethod.HeadRefit, choice.Method);
        Assert.True(choice.HeadRefit!.CvRmseAfter < choice.Affine.CvRmseAfter);
        Assert.Equal(choice.HeadRefit.CvRmseAfter, choice.CvRmseAfter);
    }

    [Fact]
    public void LabelsWithoutAHiddenStateFeedOnlyTheAffineMap()
    {
        var random = new Random(8);
        OutputHead model = RandomHead(random, 0.3f);
        // Twelve labels from before h was stored, three after: too few for the refit, all twelve for the map.
        CalibrationSample[] samples =
        [
            .. Samples(random, 12, model, model).Select(s => s with { Hidden = null, Felt = new AffectPoint(s.Reading.Arousal * 0.5f, s.Reading.Valence - 0.4f) }),
            .. Samples(random, 3, model, model),
        ];

        CalibrationChoice choice = CalibrationChoice.Fit(samples, model);

        Assert.Null(choice.HeadRefit);
        Assert.Contains("3 labels carry a hidden state", choice.HeadRefitSkipped, StringComparison.Ordinal);
        Assert.Equal(15, choice.Affine.Labels);
    }

    [Fact]
    public void TheHeadIsRefittedFromTwentyLabelsWithAHiddenState()
    {
        var random = new Random(9);
        OutputHead model = RandomHead(random, 0.3f);
        OutputHead listener = new(model.Weights.Select(w => -w).ToArray(), [0.1f, -0.2f]);

        CalibrationChoice nineteen = CalibrationChoice.Fit(Samples(random, 19, listener, model), model);
        Assert.Null(nineteen.HeadRefit);
        Assert.Equal("19 labels carry a hidden state (of 19), the refit needs 20", nineteen.HeadRefitSkipped);
        var refused = Assert.Throws<InvalidDataException>(() => HeadRefitCalibrator.Fit(Samples(random, 19, listener, model), model));
        Assert.Contains("add 1 more", refused.Message, StringComparison.Ordinal);

        CalibrationChoice twenty = CalibrationChoice.Fit(Samples(random, 20, listener, model), model);
        Assert.NotNull(twenty.HeadRefit);
        Assert.Null(twenty.HeadRefitSkipped);
    }

    private static OutputHead RandomHead(Random random, float scale) => new(
        Enumerable.Range(0, 2 * Hidden).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray(),
        [(float)(random.NextDouble() - 0.5) * 0.2f, (float)(random.NextDouble() - 0.5) * 0.2f]);

    /// <summary>Hidden states in (-0.8, 0.8) as an LSTM's are; the listener feels what <paramref name="felt"/> reads.</summary>
    private static CalibrationSample[] Samples(Random random, int count, OutputHead felt, OutputHead model) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            float[] h = Enumerable.Range(0, Hidden).Select(_ => (float)(random.NextDouble() * 1.6 - 0.8)).ToArray();
            return new CalibrationSample(model.Apply(h), felt.Apply(h), h);
        }).ToArray();

    private static double Rmse(OutputHead head, IEnumerable<CalibrationSample> samples) =>
        Math.Sqrt(samples.Average(s =>
        {
            AffectPoint p = head.Apply(s.Hidden);
            return (Math.Pow(p.Arousal - s.Felt.Arousal, 2) + Math.Pow(p.Valence - s.Felt.Valence, 2)) / 2;
        }));

    private static float[] Frame(Random random) =>
        Enumerable.Range(0, ManagedEmotionEngine.Frames * ManagedEmotionEngine.Bands).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
