using MusicEmotion.Inference;
using MusicEmotion.Pipeline.Sinks;

namespace MusicEmotion.Visualiser.Drawing;

/// <summary>
/// Searches a library for tracks that follow a drawn profile, best first, as (path, distance). Runs on a thread-pool
/// thread, never the render thread, and may take a while (a DTW over the catalog).
/// </summary>
public delegate IReadOnlyList<Suggestion> ProfileSearchHandler(IReadOnlyList<AffectPoint> profile);

/// <summary>What the strip shows about a drawn profile: a one-line note, or the matches found (best first).</summary>
public sealed record ProfileStatus(string? Note, IReadOnlyList<Suggestion> Matches)
{
    public static ProfileStatus Noting(string note) => new(note, []);
}

/// <summary>
/// Runs the search for a drawn profile off the render thread and publishes what the strip should say. The status is
/// swapped whole and never changed afterwards, so the render thread reads it each frame without a lock or a copy. A
/// search that finishes after its drawing was cancelled or replaced is dropped; a search that throws is shown as a
/// one-line note (and given to the notice callback, for the console) instead of being lost on the pool thread.
/// </summary>
public sealed class ProfileSearchRunner
{
    public const string ArmedNote = "hold the left button and draw the course; Esc cancels";
    public const string TooShortNote = "a profile needs at least two points: press P and draw a longer line";
    public const string NoLibraryNote = "P draws a profile to search a music library: open the view with --library PATH";
    public const string NoMatchNote = "no track matched the profile";
    public const string SearchingNote = "searching the library…";

    private readonly object _gate = new();
    private readonly ProfileSearchHandler? _search;
    private readonly Action<string>? _notice;
    private ProfileStatus? _status;
    private int _generation;
    private Task _running = Task.CompletedTask;

    /// <param name="search">The library search, or null when the view has no library (P then only says so).</param>
    /// <param name="notice">Where each note also goes, for the console; null: the strip only.</param>
    public ProfileSearchRunner(ProfileSearchHandler? search, Action<string>? notice = null)
    {
        _search = search;
        _notice = notice;
    }

    /// <summary>False without a library: drawing would have nothing to search.</summary>
    public bool CanSearch => _search is not null;

    /// <summary>What the strip shows now; null when there is nothing to show.</summary>
    public ProfileStatus? Status => Volatile.Read(ref _status);

    /// <summary>The search started last (completed when none runs), for the caller that waits for it to end.</summary>
    public Task Running => _running;

    /// <summary>Shows a note in place of whatever was shown, dropping any search still running.</summary>
    public void Show(string note)
    {
        Publish(Interlocked.Increment(ref _generation), ProfileStatus.Noting(note));
        _notice?.Invoke(note);
    }

    /// <summary>Shows nothing, dropping any search still running.</summary>
    public void Clear() => Publish(Interlocked.Increment(ref _generation), null);

    /// <summary>Starts searching for <paramref name="profile"/> on the thread pool; the strip says so until it ends.</summary>
    public void Start(IReadOnlyList<AffectPoint> profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ProfileSearchHandler search = _search ?? throw new InvalidOperationException("no library to search: check CanSearch first");
        int generation = Interlocked.Increment(ref _generation);
        Publish(generation, ProfileStatus.Noting(SearchingNote));
        _running = Task.Run(() => Publish(generation, Search(search, profile)));
    }

    private ProfileStatus Search(ProfileSearchHandler search, IReadOnlyList<AffectPoint> profile)
    {
        try
        {
            IReadOnlyList<Suggestion> matches = search(profile);
            if (matches.Count > 0)
            {
                return new ProfileStatus(null, matches);
            }
            _notice?.Invoke(NoMatchNote);
            return ProfileStatus.Noting(NoMatchNote);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            string note = $"the profile search failed: {error.Message}";
            _notice?.Invoke(note);
            return ProfileStatus.Noting(note);
        }
    }

    /// <summary>Publishes <paramref name="status"/> unless a later drawing has replaced the one it belongs to.</summary>
    private void Publish(int generation, ProfileStatus? status)
    {
        lock (_gate)
        {
            if (generation == Volatile.Read(ref _generation))
            {
                Volatile.Write(ref _status, status);
            }
        }
    }
}
