using MusicEmotion.Inference;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Library;

namespace MusicEmotion.Tests.Visualiser.Support;

/// <summary>
/// A small SQLite catalog for drawing tests: one track rises from calm-sad to excited-happy (the one a stroke drawn
/// that way must find first), one falls the other way, one stays calm and pleasant, and a few wander at random.
/// </summary>
internal static class ProfileCatalog
{
    public const string Rising = "/music/rising.wav";

    /// <summary>The course the tests draw, and the rising track follows: calm-sad up to excited-happy.</summary>
    public static readonly AffectPoint[] Rise = [new(-0.7f, -0.6f), new(0f, 0f), new(0.7f, 0.6f)];

    public static void Write(string path)
    {
        using ILibraryStore store = SqliteLibraryStore.Open(path, create: true);
        LibraryTracks.Store(store, LibraryTracks.Following(Rising, seed: 1, Rise));
        LibraryTracks.Store(store, LibraryTracks.Following("/music/falling.wav", seed: 2, [.. Rise.Reverse()]));
        LibraryTracks.Store(store, LibraryTracks.Following("/music/calm.wav", seed: 3, [new(-0.5f, 0.4f), new(-0.4f, 0.6f)]));
        for (int i = 0; i < 5; i++)
        {
            LibraryTracks.Store(store, LibraryTracks.Analysed($"/music/wander{i}.wav", seed: 10 + i));
        }
    }
}
