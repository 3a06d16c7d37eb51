using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicEmotion.Inference.Models;
using MusicEmotion.Cli.Terminal;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands;

/// <summary><c>musicemotion models</c>: the installed models and what their cards say.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List installed models with their cards (kind, state, horizon, metrics, license)");
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        IReadOnlyList<ModelEntry> models = ModelCatalog.List();
        if (models.Count == 0)
        {
            Console.Error.WriteLine(
                $"musicemotion: no models installed (searched {string.Join(", ", ModelCatalog.SearchFolders)}; set MUSICEMOTION_MODELS)");
            return ExitCodes.Ok;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("name").AddColumn("kind").AddColumn("state / horizon").AddColumn("metrics").AddColumn("license").AddColumn("file");
        Console.Error.WriteLine($"musicemotion: models in {string.Join(", ", ModelCatalog.SearchFolders)}");
        foreach (ModelEntry model in models)
        {
            ModelCard? card = model.Card;
            table.AddRow(
                Markup.Escape(model.Name),
                Markup.Escape(model.Kind),
                Markup.Escape(Shape(card)),
                Markup.Escape(Metrics(card)),
                Markup.Escape(LicenseName(card)),
                Markup.Escape(Path.GetFileName(model.OnnxPath)));
        }
        ConsoleOutput.Stdout().Write(table);
        return ExitCodes.Ok;
    }

    private static string Shape(ModelCard? card) => card switch
    {
        null => "",
        { HorizonSeconds: { Count: > 0 } h } => "+" + string.Join(", +", h.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))) + " s",
        { State: { } s } => $"{s.Layers} x {s.Hidden} LSTM state",
        _ => "stateless",
    };

    /// <summary>
    /// The held-out numbers a user compares models by, as the training tools write them under metrics.test.ours:
    /// RMSE and CCC per dimension for an emotion model, RMSE per step for a forecaster; otherwise the card's
    /// top-level numbers.
    /// </summary>
    private static string Metrics(ModelCard? card)
    {
        if (card?.Metrics is not { ValueKind: JsonValueKind.Object } metrics)
        {
            return "";
        }
        if (metrics.TryGetProperty("test", out JsonElement test) && test.ValueKind == JsonValueKind.Object
            && test.TryGetProperty("ours", out JsonElement ours))
        {
            if (ours.ValueKind == JsonValueKind.Object && ours.TryGetProperty("arousal", out JsonElement arousal)
                && ours.TryGetProperty("valence", out JsonElement valence))
            {
                return $"test RMSE A {Number(arousal, "rmse")} V {Number(valence, "rmse")}, "
                       + $"CCC A {Number(arousal, "ccc")} V {Number(valence, "ccc")}";
            }
            if (ours.ValueKind == JsonValueKind.Array && card.HorizonSeconds is { } horizon && horizon.Count == ours.GetArrayLength())
            {
                return "test RMSE " + string.Join(", ", horizon.Zip(ours.EnumerateArray(), (h, e) =>
                    $"+{h.ToString("0.0", CultureInfo.InvariantCulture)} s {e.GetDouble().ToString("0.000", CultureInfo.InvariantCulture)}"));
            }
        }
        return string.Join(", ", metrics.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .Take(6)
            .Select(p => $"{p.Name} {p.Value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture)}"));
    }

    private static string Number(JsonElement group, string name) =>
        group.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString("0.000", CultureInfo.InvariantCulture)
            : "?";

    /// <summary>The licence's name; the card holds the full text.</summary>
    private static string LicenseName(ModelCard? card) =>
        card is null ? "(no card)" : card.License.Split(" (", 2)[0];
}
