using MusicEmotion.Inference;
using MusicEmotion.Inference.Managed;
using MusicEmotion.Inference.Models;
using MusicEmotion.Inference.OnnxRuntime;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Inference.OnnxRuntime;
using MusicEmotion.Tests.Support;

namespace MusicEmotion.Tests.Inference;

/// <summary>
/// The factory hands out engines already warmed up (every per-frame method compiled and optimised before the first
/// real frame) and reset, so the warm-up leaves no trace in the readings: whichever command made the engine.
/// </summary>
public sealed class EngineFactoryTests
{
    [SkippableTheory]
    [InlineData(EngineKind.Managed)]
    [InlineData(EngineKind.OnnxRuntime)]
    [InlineData(EngineKind.Auto)]
    public void EveryEngineIsWarmedAndThenResetToItsFirstState(EngineKind kind)
    {
        string model = Path.Combine(Requires.ReferenceData(), OrtModels.StatefulRandom);
        if (kind != EngineKind.Managed)
        {
            OrtModels.RequireRuntime();
        }
        float[][] frames = Frames(3);

        using IEmotionEngine engine = EngineFactory.CreateEmotionEngine(ModelCatalog.Describe(model), new EngineOptions { Engine = kind });
        using IEmotionEngine fresh = engine.Info.Engine == "managed" ? ManagedEmotionEngine.Load(model) : OrtEmotionEngine.Load(model, OrtEngineOptions.Default);

        Assert.Equal(EngineFactory.WarmUpSteps, engine.Info.WarmUpSteps);
        foreach (float[] frame in frames)
        {
            // Bit for bit: the warm-up ran on the same engine, so any state it left would show here.
            Assert.Equal(fresh.Step(frame), engine.Step(frame));
        }
    }

    [SkippableFact]
    public void AutoRemembersItsChoicePerModelAndMachineAndRetimesWhenAsked()
    {
        string model = Path.Combine(Requires.ReferenceData(), OrtModels.StatefulRandom);
        OrtModels.RequireRuntime();
        using var folder = new TempFolder();
        var cache = new EngineChoiceCache(folder.File("choices.json"));
        var auto = new EngineOptions { Engine = EngineKind.Auto, ChoiceCache = cache };
        ModelEntry entry = ModelCatalog.Describe(model);

        string first, second, retimed;
        using (IEmotionEngine engine = EngineFactory.CreateEmotionEngine(entry, auto))
        {
            first = engine.Info.Note;
        }
        EngineChoice remembered = Assert.IsType<EngineChoice>(cache.Find(EngineChoiceCache.KeyFor(ModelCatalog.Sha256(model), auto.Ort)));
        using (IEmotionEngine engine = EngineFactory.CreateEmotionEngine(entry, auto))
        {
            second = engine.Info.Note;
            Assert.Equal(remembered.Engine, EngineFactory.KindOf(engine));
        }
        using (IEmotionEngine engine = EngineFactory.CreateEmotionEngine(entry, auto with { Retime = true }))
        {
            retimed = engine.Info.Note;
        }

        Assert.Contains("us/step ->", first, StringComparison.Ordinal);
        Assert.Contains("as measured before", second, StringComparison.Ordinal);
        Assert.Contains("us/step ->", retimed, StringComparison.Ordinal);
        Assert.NotEqual(remembered.MeasuredUtc, cache.Find(EngineChoiceCache.KeyFor(ModelCatalog.Sha256(model), auto.Ort))!.MeasuredUtc);
    }

    [SkippableFact]
    public void ARememberedManagedChoiceStartsWithoutOnnxRuntime()
    {
        // ONNX Runtime is hidden from the child process: a start that still opened it to check it is installed would
        // say "not installed" instead of using what was remembered.
        string reference = Requires.ReferenceData();
        string model = Path.Combine(reference, OrtModels.StatefulRandom);
        using var folder = new TempFolder();
        new EngineChoiceCache(folder.File("engine-choices.json")).Remember(
            EngineChoiceCache.KeyFor(ModelCatalog.Sha256(model), new OrtEngineOptions()),
            new EngineChoice(EngineKind.Managed, 50, 100, DateTimeOffset.UtcNow));
        var hidden = new Dictionary<string, string>
        {
            ["MUSICEMOTION_CACHE"] = folder.Path,
            ["MUSICEMOTION_ONNXRUNTIME"] = Path.Combine(folder.Path, "absent", "libonnxruntime.so.1"),
        };

        CliResult result = CliProcess.Run(hidden, "analyze", Path.Combine(reference, "music", "sad.wav"), "--model", model,
            "--forecaster", "linear", "--engine", "auto", "--verbose", "--format", "csv");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("auto: managed, as measured before", result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AnUnreadableCacheIsMeasuredAgainAndRewritten()
    {
        string model = Path.Combine(Requires.ReferenceData(), OrtModels.StatefulRandom);
        OrtModels.RequireRuntime();
        using var folder = new TempFolder();
        string path = folder.Write("choices.json", "{ not json"u8.ToArray());
        var auto = new EngineOptions { Engine = EngineKind.Auto, ChoiceCache = new EngineChoiceCache(path) };

        using IEmotionEngine engine = EngineFactory.CreateEmotionEngine(ModelCatalog.Describe(model), auto);

        Assert.Contains("us/step ->", engine.Info.Note, StringComparison.Ordinal);
        Assert.NotNull(new EngineChoiceCache(path).Find(EngineChoiceCache.KeyFor(ModelCatalog.Sha256(model), auto.Ort)));
    }

    private static float[][] Frames(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, ManagedEmotionEngine.Frames * ManagedEmotionEngine.Bands).Select(_ => 2 * random.NextSingle() - 1).ToArray())
            .ToArray();
    }
}
