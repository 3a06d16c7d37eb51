using MusicEmotion.Inference;

namespace MusicEmotion.Visualiser.Drawing;

/// <summary>
/// Stores what the listener felt at <paramref name="atSeconds"/> into the track on show: a point of the circumplex, or
/// a class (happy, angry, sad, calm, positive, neutral, negative) with <paramref name="felt"/> null. Returns the one-line
/// note the strip shows (stored, or why not). Runs on a thread-pool thread, never the render thread.
/// </summary>
public delegate string FeelingHandler(double atSeconds, AffectPoint? felt, string? className);

/// <summary>
/// E in the view: freezes the point at the moment on show, then takes what the listener felt there (a click on the
/// circumplex, 1-4 for the quadrants, + 0 - for positive, neutral, negative; Esc cancels) and stores it off the
/// render thread. The render thread only reads <see cref="IsFrozen"/>, so a frame costs nothing more.
/// </summary>
public sealed class FeelingCapture(FeelingHandler? store)
{
    public const string FrozenNote = "what do you feel here? click the circle, or 1-4 quadrant, + 0 - positive/neutral/negative; Esc cancels";
    public const string NoLibraryNote = "E labels what you feel at this moment: open the view with --library PATH on a track the library holds";
    public const string CancelledNote = "label cancelled";

    private Task _storing = Task.CompletedTask;

    /// <summary>False without a library and a track: E then only says so.</summary>
    public bool CanStore => store is not null;

    /// <summary>True between E and the answer (or Esc): the view holds the point still.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Seconds into the track of the reading frozen.</summary>
    public double AtSeconds { get; private set; }

    /// <summary>The label being stored last (completed when none is), for the caller that waits for it at the end.</summary>
    public Task Storing => _storing;

    public void Freeze(double atSeconds)
    {
        IsFrozen = true;
        AtSeconds = atSeconds;
    }

    public void Cancel() => IsFrozen = false;

    /// <summary>Unfreezes and stores the answer on the thread pool; <paramref name="show"/> gets the handler's note.</summary>
    public void Take(AffectPoint? felt, string? className, Action<string> show)
    {
        FeelingHandler handler = store ?? throw new InvalidOperationException("no library to store in: check CanStore first");
        IsFrozen = false;
        double at = AtSeconds;
        _storing = Task.Run(() =>
        {
            string note;
            try
            {
                note = handler(at, felt, className);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                note = $"label not stored: {error.Message}";
            }
            show(note);
        });
    }
}
