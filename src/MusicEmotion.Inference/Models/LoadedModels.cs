namespace MusicEmotion.Inference.Models;

/// <summary>What a session asks for: the emotion model, the forecaster and the engine that runs them.</summary>
public sealed record ModelRequest
{
    /// <summary>The forecaster name that asks for the closed-form linear trend instead of a model.</summary>
    public const string LinearTrend = "linear";

    /// <summary>A .onnx path or an installed model's name.</summary>
    public string Model { get; init; } = ModelCatalog.DefaultEmotionModel;

    /// <summary>
    /// A .onnx path, an installed model's name or <see cref="LinearTrend"/>; null for the default forecaster, which
    /// falls back to the linear trend when it is not installed (a forecaster the user named must exist).
    /// </summary>
    public string? Forecaster { get; init; }

    public EngineOptions Engine { get; init; } = EngineOptions.Default;
}

/// <summary>The models a session runs, loaded and warmed up: the emotion engine, its forecaster on the same engine, and the model's sha256.</summary>
public sealed record LoadedModels(ModelEntry Model, IEmotionEngine Engine, IForecaster Forecaster, string ModelSha256) : IDisposable
{
    /// <summary>Resolves and loads what <paramref name="request"/> names; a bad name or file throws with a one-line message.</summary>
    /// <exception cref="FileNotFoundException">No such model; the message lists what is installed.</exception>
    public static LoadedModels Load(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ModelEntry model = ResolveEmotionModel(request.Model);
        // Hashed once: the session names the model by it, and auto's choice is cached under it.
        string sha256 = ModelCatalog.Sha256(model.OnnxPath);
        IEmotionEngine engine = EngineFactory.CreateEmotionEngine(model, request.Engine, sha256);
        try
        {
            IForecaster forecaster = EngineFactory.CreateForecaster(ResolveForecaster(request.Forecaster), EngineFactory.KindOf(engine), request.Engine);
            return new LoadedModels(model, engine, forecaster, sha256);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        Forecaster.Dispose();
    }

    private static ModelEntry ResolveEmotionModel(string name)
    {
        try
        {
            return ModelCatalog.Resolve(name);
        }
        catch (FileNotFoundException) when (name == ModelCatalog.DefaultEmotionModel)
        {
            string folders = string.Join(", ", ModelCatalog.SearchFolders);
            throw new FileNotFoundException(
                $"the default emotion model '{name}' is not installed (looked in {(folders.Length == 0 ? "no models folder" : folders)}); pass --model PATH");
        }
    }

    /// <summary>The forecaster model, or null for the linear trend: asked for by name, or the default is not installed.</summary>
    private static ModelEntry? ResolveForecaster(string? name)
    {
        if (name == ModelRequest.LinearTrend)
        {
            return null;
        }
        try
        {
            return ModelCatalog.Resolve(name ?? ModelCatalog.DefaultForecaster);
        }
        catch (FileNotFoundException) when (name is null)
        {
            return null;
        }
    }
}
