using System.Globalization;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference;
using MusicEmotion.Library.Search;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// The search behind P in the view: the stroke drawn with the mouse, taken as a whole-track profile, goes through the
/// same <see cref="ProfileSearch"/> as <c>library search --profile</c>; its hits are printed as that command's table
/// and handed back for the view's strip. Runs on a pool thread (the view starts it there), one search at a time per
/// call, each with its own <see cref="ProfileSearch"/>, since a search keeps its DTW buffers.
/// </summary>
/// <param name="catalog">The library, loaded once when the command started.</param>
/// <param name="table">Where the table goes: stdout, or stderr when stdout carries JSON lines.</param>
/// <param name="plain">True when <paramref name="table"/> is not a terminal: no colours.</param>
/// <param name="notice">Where the one-line notes go (stderr).</param>
internal sealed class DrawnProfileSearch(CatalogIndex catalog, TextWriter table, bool plain, Action<string> notice)
{
    /// <summary>Tracks listed, as <c>library search</c> lists by default.</summary>
    public const int Limit = 10;

    /// <summary>The command a notice gives, so the drawn profile can be searched again from the shell.</summary>
    public static string AsOption(IReadOnlyList<AffectPoint> profile) =>
        "--profile \"" + string.Join("; ", profile.Select(point => string.Create(CultureInfo.InvariantCulture, $"{point.Arousal:0.###},{point.Valence:0.###}"))) + "\"";

    /// <summary>
    /// Lets P in <paramref name="window"/> draw a profile and search <paramref name="catalog"/> for it; without a
    /// catalog P only says that one is needed. Notes go to stderr; the table to stdout, or to stderr when
    /// <paramref name="stdoutCarriesData"/> (live --format jsonl, whose stdout a program reads).
    /// </summary>
    public static void Attach(VisualiserWindow window, CatalogIndex? catalog, bool stdoutCarriesData)
    {
        ArgumentNullException.ThrowIfNull(window);
        Action<string> notice = message => Console.Error.WriteLine($"musicemotion: {message}");
        if (catalog is null)
        {
            window.UseProfileSearch(null, notice);
            return;
        }
        var search = stdoutCarriesData
            ? new DrawnProfileSearch(catalog, Console.Error, Console.IsErrorRedirected, notice)
            : new DrawnProfileSearch(catalog, Console.Out, Console.IsOutputRedirected, notice);
        window.UseProfileSearch(search.Search, notice);
    }

    public IReadOnlyList<Suggestion> Search(IReadOnlyList<AffectPoint> profile)
    {
        notice($"searching {catalog.Tracks.Count} tracks for the profile drawn ({profile.Count} points; from the shell: library search {AsOption(profile)})");
        IReadOnlyList<SearchHit> hits = new ProfileSearch().Search(catalog, new EmotionProfile(profile), Limit);
        // Rendered whole and written at once, so a reading line printed meanwhile by another thread cannot split it.
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        HitTable.WriteTable(hits, "dtw", ConsoleOutput.Create(text, plain));
        table.Write((plain ? "" : "\n") + text);
        table.Flush();
        return hits.Select(hit => new Suggestion(hit.Track.Path, hit.Distance)).ToArray();
    }
}
