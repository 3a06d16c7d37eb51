using System.CommandLine;
using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;
using MusicEmotion.Outputs.Files;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>--format, --m3u and --force of the commands that list tracks (search, next).</summary>
internal sealed class OutputFormatOptions
{
    public Option<string> Format { get; } = new Option<string>("--format", "-f")
    {
        Description = "Output: table (readable), jsonl (one JSON object per track) or csv",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "jsonl", "csv");

    public Option<string?> Playlist { get; } = new("--m3u") { Description = "Also write the tracks as an M3U playlist to this file" };

    public Option<bool> Force { get; } = new("--force") { Description = "Overwrite the --m3u file if it exists" };

    public Option<int> Limit { get; } = new("--limit", "-n") { Description = "How many tracks to list", DefaultValueFactory = _ => 10 };

    public void AddTo(Command command)
    {
        command.Options.Add(Limit);
        command.Options.Add(Format);
        command.Options.Add(Playlist);
        command.Options.Add(Force);
    }

    /// <summary>
    /// The body of a listing command: options checked before any work (a playlist that would overwrite a file
    /// without --force stops it here), the catalog opened, <paramref name="find"/> asked for the tracks, and the
    /// list written with its distance column named <paramref name="distanceName"/>.
    /// </summary>
    public int List(ParseResult parse, LibraryOption library, string distanceName, Func<ILibraryStore, int, IReadOnlyList<SearchHit>> find)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(find);
        int limit = parse.GetValue(Limit);
        if (limit < 1)
        {
            throw new UsageException($"--limit must be at least 1, got {limit}");
        }
        string? playlist = parse.GetValue(Playlist);
        LibraryLocation location = library.Location(parse);
        if (playlist is not null)
        {
            OutputFile.Check(playlist, "--m3u", parse.GetValue(Force), [location.Value]);
        }
        using ILibraryStore store = location.Open(create: false);
        IReadOnlyList<SearchHit> hits = find(store, limit);
        HitTable.Write(hits, parse.GetValue(Format)!, distanceName);
        if (playlist is not null)
        {
            HitTable.WritePlaylist(hits, playlist, parse.GetValue(Force), location.Value);
        }
        return ExitCodes.Ok;
    }
}
