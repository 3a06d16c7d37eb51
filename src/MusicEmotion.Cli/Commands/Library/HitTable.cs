using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicEmotion.Inference;
using MusicEmotion.Library.Search;
using MusicEmotion.Outputs.Files;
using MusicEmotion.Cli.Terminal;
using Spectre.Console;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>Search and next-track results as a table, JSON lines or CSV on stdout, and optionally as an M3U playlist.</summary>
internal static class HitTable
{
    private const string CsvHeader = "rank,id,path,distance,segment_start,segment_end,duration,mean_arousal,mean_valence,dominant_quadrant";

    /// <param name="hits">Ranked, best first.</param>
    /// <param name="format">table, jsonl or csv.</param>
    /// <param name="distanceName">What the distance column measures ("distance", "dtw", "cost").</param>
    public static void Write(IReadOnlyList<SearchHit> hits, string format, string distanceName)
    {
        switch (format)
        {
            case "jsonl":
                using (Stream stdout = Console.OpenStandardOutput())
                {
                    for (int i = 0; i < hits.Count; i++)
                    {
                        WriteJson(stdout, i + 1, hits[i], distanceName);
                    }
                }
                break;
            case "csv":
                Console.Out.WriteLine(CsvHeader.Replace("distance", distanceName, StringComparison.Ordinal));
                for (int i = 0; i < hits.Count; i++)
                {
                    Console.Out.WriteLine(CsvRow(i + 1, hits[i]));
                }
                break;
            default:
                WriteTable(hits, distanceName, ConsoleOutput.Stdout());
                break;
        }
    }

    /// <summary>
    /// The hits as an extended M3U playlist, under the project's rule for output files (an existing file only with
    /// <paramref name="force"/>, never the catalog itself).
    /// </summary>
    public static void WritePlaylist(IReadOnlyList<SearchHit> hits, string path, bool force, string library)
    {
        var text = new StringBuilder("#EXTM3U\n");
        foreach (SearchHit hit in hits)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{Math.Round(hit.Track.DurationSeconds)},{Path.GetFileNameWithoutExtension(hit.Track.Path)}\n");
            text.Append(hit.Track.Path).Append('\n');
        }
        using FileStream file = OutputFile.Create(path, "--m3u", force, [library]);
        file.Write(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The hits as the readable table, on <paramref name="console"/>.</summary>
    public static void WriteTable(IReadOnlyList<SearchHit> hits, string distanceName, IAnsiConsole console)
    {
        bool segments = hits.Any(hit => hit.SegmentStart is not null);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("#").AddColumn(new TableColumn(distanceName).RightAligned())
            .AddColumn(new TableColumn("arousal").RightAligned()).AddColumn(new TableColumn("valence").RightAligned())
            .AddColumn("mostly").AddColumn(new TableColumn("length").RightAligned());
        if (segments)
        {
            table.AddColumn("segment");
        }
        table.AddColumn("track");
        for (int i = 0; i < hits.Count; i++)
        {
            SearchHit hit = hits[i];
            var summary = hit.Track.Summary!;
            var cells = new List<string>
            {
                $"{i + 1}", F(hit.Distance, "0.000"), F(summary.Mean.Arousal, "+0.000;-0.000"), F(summary.Mean.Valence, "+0.000;-0.000"),
                summary.DominantQuadrant.Name(), Clock(hit.Track.DurationSeconds),
            };
            if (segments)
            {
                cells.Add(hit.SegmentStart is { } start ? $"{Clock(start)}-{Clock(hit.SegmentEnd ?? start)}" : "");
            }
            cells.Add(hit.Track.Path);
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }

    private static void WriteJson(Stream stdout, int rank, SearchHit hit, string distanceName)
    {
        using (var json = new Utf8JsonWriter(stdout))
        {
            var summary = hit.Track.Summary!;
            json.WriteStartObject();
            json.WriteNumber("rank", rank);
            json.WriteNumber("id", hit.Track.Id);
            json.WriteString("path", hit.Track.Path);
            json.WriteNumber(distanceName, Math.Round(hit.Distance, 6));
            if (hit.SegmentStart is { } start)
            {
                json.WriteNumber("segment_start", start);
                json.WriteNumber("segment_end", hit.SegmentEnd ?? start);
            }
            json.WriteNumber("duration", Math.Round(hit.Track.DurationSeconds, 3));
            json.WriteNumber("mean_arousal", Math.Round(summary.Mean.Arousal, 6));
            json.WriteNumber("mean_valence", Math.Round(summary.Mean.Valence, 6));
            json.WriteString("dominant_quadrant", summary.DominantQuadrant.Name());
            json.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static string CsvRow(int rank, SearchHit hit)
    {
        var summary = hit.Track.Summary!;
        string path = hit.Track.Path.Contains(',', StringComparison.Ordinal) || hit.Track.Path.Contains('"', StringComparison.Ordinal)
            ? $"\"{hit.Track.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : hit.Track.Path;
        return string.Join(',',
            rank.ToString(CultureInfo.InvariantCulture), hit.Track.Id.ToString(CultureInfo.InvariantCulture), path, F(hit.Distance, "0.######"),
            hit.SegmentStart is { } s ? F(s, "0.###") : "", hit.SegmentEnd is { } e ? F(e, "0.###") : "", F(hit.Track.DurationSeconds, "0.###"),
            F(summary.Mean.Arousal, "0.######"), F(summary.Mean.Valence, "0.######"), summary.DominantQuadrant.Name());
    }

    internal static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    internal static string Clock(double seconds) => $"{(int)(seconds / 60)}:{seconds % 60:00.0}";
}
