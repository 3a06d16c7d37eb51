using System.CommandLine;
using MusicEmotion.Inference;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Inference.Models;
using MusicEmotion.Inference.OnnxRuntime;

namespace MusicEmotion.Cli.Commands;

/// <summary>
/// The options every command that runs a model shares (--model, --forecaster, --engine, --provider, --threads),
/// and the one way they become an engine and a forecaster.
/// </summary>
internal sealed class InferenceOptions
{
    public Option<string> Model { get; } = new("--model", "-m")
    {
        Description = "Emotion model: a .onnx file or the name of an installed model (see 'musicemotion models')",
        DefaultValueFactory = _ => ModelCatalog.DefaultEmotionModel,
    };

    public Option<string> Forecaster { get; } = new("--forecaster")
    {
        Description = "Forecaster: a .onnx file, an installed model's name, or '" + ModelRequest.LinearTrend + "' for the linear-trend fallback",
        DefaultValueFactory = _ => ModelCatalog.DefaultForecaster,
    };

    public Option<string> Engine { get; } = new Option<string>("--engine")
    {
        Description = "Inference engine: managed (pure C#), onnxruntime, or auto (measure both once per model and machine, keep the faster)",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "managed", "onnxruntime");

    public Option<string> Provider { get; } = new Option<string>("--provider")
    {
        Description = "ONNX Runtime execution provider: cpu, cuda, dml (Windows) or auto (time each that starts)",
        DefaultValueFactory = _ => "cpu",
    }.AcceptOnlyFromAmong("auto", "cpu", "cuda", "dml");

    public Option<bool> Retime { get; } = new("--retime")
    {
        Description = "With --engine auto: measure both engines again instead of using the choice remembered for this model and machine",
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (a frame is tiny: 1 is usually fastest)",
        DefaultValueFactory = _ => 1,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "A personal calibration profile (musicemotion calibrate) applied to every reading",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Profile);
        command.Options.Add(Model);
        command.Options.Add(Forecaster);
        command.Options.Add(Engine);
        command.Options.Add(Provider);
        command.Options.Add(Threads);
        command.Options.Add(Retime);
    }

    /// <summary>Resolves the models and builds the engine and forecaster; bad values throw with a one-line message.</summary>
    public LoadedModels Load(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        if (threads < 1)
        {
            throw new UsageException($"--threads must be at least 1, got {threads}");
        }
        EngineKind engine = EngineOptions.ParseKind(parse.GetValue(Engine)!);
        bool retime = parse.GetValue(Retime);
        if (retime && engine != EngineKind.Auto)
        {
            throw new UsageException($"--retime re-measures --engine auto's choice; it means nothing with --engine {parse.GetValue(Engine)}");
        }
        LoadedModels models = LoadedModels.Load(new ModelRequest
        {
            Model = parse.GetValue(Model)!,
            // Left out, the default forecaster is asked for and may fall back to the linear trend; named, it must exist.
            Forecaster = parse.GetResult(Forecaster) is { Implicit: false } ? parse.GetValue(Forecaster) : null,
            Engine = new EngineOptions
            {
                Engine = engine,
                Retime = retime,
                Ort = new OrtEngineOptions { Provider = OrtProviders.Parse(parse.GetValue(Provider)!), IntraOpThreads = threads },
            },
        });
        return WithProfile(models, parse.GetValue(Profile));
    }

    /// <summary>The models with the named profile wrapped round the engine; a profile for another model is refused.</summary>
    public static LoadedModels WithProfile(LoadedModels models, string? profile)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (profile is null)
        {
            return models;
        }
        try
        {
            CalibrationProfile loaded = CalibrationProfile.Load(profile, models.ModelSha256);
            return models with { Engine = loaded.Apply(models.Engine) };
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }
}
