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
        foreach (ModelEntry model in models)
        {
            ModelCard? card = model.Card;
            table.AddRow(
                Markup.Escape(model.Name),
                Markup.Escape(model.Kind),
                Markup.Escape(Shape(card)),
                Markup.Escape(Metrics(card)),
                Markup.Escape(card?.License ?? "(no card)"),
                Markup.Escape(model.OnnxPath));
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

    /// <summary>The card's top-level numeric metrics, compactly; nested groups are left to the card itself.</summary>
    private static string Metrics(ModelCard? card)
    {
        if (card?.Metrics is not { ValueKind: JsonValueKind.Object } metrics)
        {
            return "";
        }
        return string.Join(", ", metrics.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .Take(6)
            .Select(p => $"{p.Name} {p.Value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture)}"));
    }
}
