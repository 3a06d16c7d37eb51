using System.CommandLine;
using System.Text.Json;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Storage;
using static MusicEmotion.Cli.Commands.Library.HitTable;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary><c>library show TRACK</c>: a track's summary and shares, or why it could not be read.</summary>
internal static class LibraryShowCommand
{
    public static Command Create()
    {
        var library = new LibraryOption();
        var track = new Argument<string>("track") { Description = "The track's id, path, or file name (when only one track has it)" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output: table (readable) or jsonl (one JSON object)",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("show", "Show a track's emotion summary: mean and spread, quadrant and valence shares");
        command.Arguments.Add(track);
        command.Options.Add(format);
        library.AddTo(command);
        command.SetAction(parse =>
        {
            using ILibraryStore store = library.Location(parse).Open(create: false);
            TrackRecord found = Find(store, parse.GetValue(track)!);
            if (parse.GetValue(format) == "jsonl")
            {
                WriteJson(found);
            }
            else
            {
                WriteText(found);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The track the user named, or a one-line input error saying how to name one.</summary>
    public static TrackRecord Find(ILibraryStore store, string key) =>
        store.FindTrack(key) ?? throw new FileNotFoundException(
            $"{store.Location}: no track '{key}'; expected a track id, a catalogued path, or a file name only one track has");

    private static void WriteText(TrackRecord track)
    {
        TextWriter o = Console.Out;
        o.WriteLine($"{track.Path}  (track {track.Id})");
        if (track.Summary is not { } s)
        {
            o.WriteLine($"  unreadable: {track.Error}");
            return;
        }
        o.WriteLine($"  length {Clock(track.DurationSeconds)}, {s.Readings} readings, model {track.Model} ({track.ModelSha256[..Math.Min(12, track.ModelSha256.Length)]})");
        o.WriteLine($"  mean    arousal {F(s.Mean.Arousal, "+0.000;-0.000")}  valence {F(s.Mean.Valence, "+0.000;-0.000")}  ({Circumplex.Label(s.Mean)})");
        o.WriteLine($"  spread  arousal {F(s.Spread.Arousal, "0.000")}   valence {F(s.Spread.Valence, "0.000")}");
        o.WriteLine($"  quadrants  {string.Join("  ", Enum.GetValues<Quadrant>().Select(q => $"{q.Name()} {Percent(s.QuadrantShares[(int)q])}"))}; mostly {s.DominantQuadrant.Name()}");
        o.WriteLine($"  valence    positive {Percent(s.PositiveShare)}  neutral {Percent(s.NeutralShare)} (|v| <= {TrackSummary.NeutralValenceBand})  negative {Percent(s.NegativeShare)}");
        o.WriteLine($"  opens at {Point(s.Ends.Opening.Point)} {F(s.Ends.Opening.LevelDb, "0.0")} dB; ends at {Point(s.Ends.Ending.Point)} {F(s.Ends.Ending.LevelDb, "0.0")} dB");
    }

    private static void WriteJson(TrackRecord track)
    {
        using Stream stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout))
        {
            json.WriteStartObject();
            json.WriteNumber("id", track.Id);
            json.WriteString("path", track.Path);
            json.WriteString("status", track.Status == TrackStatus.Indexed ? "indexed" : "failed");
            json.WriteString("error", track.Error);
            json.WriteNumber("duration", Math.Round(track.DurationSeconds, 3));
            json.WriteString("model", track.Model);
            json.WriteString("model_sha256", track.ModelSha256);
            if (track.Summary is { } s)
            {
                json.WriteNumber("readings", s.Readings);
                json.WriteNumber("mean_arousal", Math.Round(s.Mean.Arousal, 6));
                json.WriteNumber("mean_valence", Math.Round(s.Mean.Valence, 6));
                json.WriteNumber("spread_arousal", Math.Round(s.Spread.Arousal, 6));
                json.WriteNumber("spread_valence", Math.Round(s.Spread.Valence, 6));
                json.WriteStartObject("quadrant_shares");
                foreach (Quadrant q in Enum.GetValues<Quadrant>())
                {
                    json.WriteNumber(q.Name(), Math.Round(s.QuadrantShares[(int)q], 6));
                }
                json.WriteEndObject();
                json.WriteString("dominant_quadrant", s.DominantQuadrant.Name());
                json.WriteNumber("positive_share", Math.Round(s.PositiveShare, 6));
                json.WriteNumber("neutral_share", Math.Round(s.NeutralShare, 6));
                json.WriteNumber("negative_share", Math.Round(s.NegativeShare, 6));
                json.WriteNumber("neutral_band", TrackSummary.NeutralValenceBand);
            }
            json.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static string Percent(float share) => F(share * 100, "0.0") + " %";

    private static string Point(AffectPoint point) => $"({F(point.Arousal, "+0.00;-0.00")}, {F(point.Valence, "+0.00;-0.00")})";
}
