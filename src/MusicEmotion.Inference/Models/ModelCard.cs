using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicEmotion.Inference.Models;

/// <summary>
/// A model's card, <c>NAME.json</c> beside <c>NAME.onnx</c>: what it is, what it was trained on and how well it
/// does. Only the keys the runtime acts on are typed; the rest (training, metrics) is kept as raw JSON for
/// <c>musicemotion models</c> to show. The keys are documented in tools/training/README.md.
/// </summary>
public sealed class ModelCard
{
    public string Name { get; init; } = "";

    /// <summary>"emotion" or "forecaster".</summary>
    public string Kind { get; init; } = "";

    /// <summary>The model file's name, relative to the card.</summary>
    public string Onnx { get; init; } = "";

    public string Sha256 { get; init; } = "";

    public string License { get; init; } = "";

    public string Description { get; init; } = "";

    public IReadOnlyList<string> Labels { get; init; } = [];

    public ModelStateCard? State { get; init; }

    /// <summary>Forecasters: readings they look back on.</summary>
    public int? History { get; init; }

    /// <summary>Forecasters: for each output point, seconds after the last reading.</summary>
    public IReadOnlyList<double>? HorizonSeconds { get; init; }

    public JsonElement? Training { get; init; }

    public JsonElement? Metrics { get; init; }

    [JsonIgnore]
    public string Path { get; private set; } = "";

    /// <summary>Reads a card; a broken one gives a one-line error naming the file.</summary>
    public static ModelCard Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var card = JsonSerializer.Deserialize(stream, ModelCardJson.Default.ModelCard)
                ?? throw new InvalidDataException($"{path}: the model card is empty");
            card.Path = path;
            return card;
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a valid model card: {JsonProblem.Describe(error)}", error);
        }
    }
}

/// <summary>The state a stateful model carries: layers x hidden.</summary>
public sealed record ModelStateCard(int Layers, int Hidden);

/// <summary>
/// The card's JSON contract, generated at build time: reflection-based serialization is unavailable in the
/// NativeAOT release build, and generated code also starts faster.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ModelCard))]
internal sealed partial class ModelCardJson : JsonSerializerContext;
