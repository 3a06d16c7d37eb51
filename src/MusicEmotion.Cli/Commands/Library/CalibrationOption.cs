using System.CommandLine;
using MusicEmotion.Inference.Calibration;
using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// --calibration NAME of the commands that rank tracks (search, next): the catalog as the listener's profile would
/// read it, re-ranked from the stored readings with no rescan. Not --profile, which search already takes for a
/// drawn course.
/// </summary>
internal sealed class CalibrationOption
{
    public Option<string?> Option { get; } = new("--calibration")
    {
        Description = "A personal calibration profile (musicemotion calibrate) applied to the stored readings before ranking",
    };

    public void AddTo(Command command) => command.Options.Add(Option);

    /// <summary>
    /// The catalog, calibrated when --calibration names an affine profile made for the model that analysed it; a head
    /// refit profile is refused.
    /// </summary>
    public CatalogIndex Index(ParseResult parse, ILibraryStore store)
    {
        CatalogIndex index = CatalogIndex.Load(store);
        if (parse.GetValue(Option) is not { } name || index.Tracks.Count == 0)
        {
            return index;
        }
        string[] models = index.Tracks.Select(track => track.ModelSha256).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (models.Length > 1)
        {
            throw new UsageException(
                $"--calibration {name}: the library {store.Location} was analysed by {models.Length} models and a profile corrects one; rescan it with one model first");
        }
        CalibrationProfile profile = CalibrationProfile.Load(name, models[0]);
        if (profile.Head is not null)
        {
            // A refitted head reads the model's hidden state at every frame, and the library stores only the readings:
            // re-ranking would mean analysing every track again. A scan with the profile does that once and stores the
            // calibrated readings; a new library, since a scan skips the files an existing one already analysed.
            throw new UsageException(
                $"--calibration {name}: the profile refits the model's head, which reads the model's hidden state at every frame, and the library stores only readings; scan the music into a new library with 'musicemotion library scan DIR --library NEW --profile {name}' and search that one without --calibration");
        }
        return index.Calibrated(store, profile.Map);
    }
}
