using System.Globalization;
using MusicEmotion.Cli.Terminal;
using MusicEmotion.Inference;
using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Feedback;
using MusicEmotion.Library.Storage;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Cli.Commands.Library;

/// <summary>
/// The store behind E in the view: what the listener felt at a moment of <paramref name="track"/> becomes a label
/// in the library, taken as <c>feedback add</c> takes one (same checks, same table). Called on a pool thread.
/// </summary>
/// <param name="library">The library the view was opened with (an SQLite file or a PostgreSQL database).</param>
/// <param name="track">The file the view is showing.</param>
internal sealed class FeelingLabels(LibraryLocation library, string track)
{
    /// <summary>
    /// Lets E in <paramref name="window"/> label what the listener feels in <paramref name="track"/>; without a track
    /// (live from a device), E only says that it needs a library and a file.
    /// </summary>
    public static void Attach(VisualiserWindow window, LibraryLocation? library, string? track)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.UseFeelingLabels(library is not null && track is not null ? new FeelingLabels(library, Path.GetFullPath(track)).Store : null);
    }

    public string Store(double atSeconds, AffectPoint? felt, string? className)
    {
        try
        {
            FeedbackLabel label;
            using (ILibraryStore store = library.Open(create: false))
            {
                TrackRecord record = FeedbackLabeller.TrackAt(store, track);
                AffectPoint point = felt ?? FeedbackClasses.PointOf(className!);
                label = FeedbackLabeller.Label(store, record, Math.Min(atSeconds, record.DurationSeconds), point, className);
            }
            using FeedbackStore feedback = FeedbackStore.Open(library);
            FeedbackLabel stored = feedback.Add(label);
            string when = ClockText.Of(atSeconds);
            return string.Create(CultureInfo.InvariantCulture,
                $"label {stored.Id} stored: felt ({stored.Felt.Arousal:+0.00;-0.00}, {stored.Felt.Valence:+0.00;-0.00}){(className is null ? "" : " " + className)} at {when}, model read ({stored.Reading.Arousal:+0.00;-0.00}, {stored.Reading.Valence:+0.00;-0.00})");
        }
        catch (Exception error) when (error is FeedbackRefusedException or IOException or InvalidDataException)
        {
            return $"label not stored: {error.Message}";
        }
    }
}
