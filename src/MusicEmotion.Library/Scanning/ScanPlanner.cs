using MusicEmotion.Library.Catalog;
using MusicEmotion.Library.Storage;

namespace MusicEmotion.Library.Scanning;

/// <summary>What planning found: files queued for analysis, left as they were, followed to a new name, or dropped.</summary>
public sealed record ScanPlan(int Queued, int Unchanged, int Renamed, int Deleted);

/// <summary>
/// Compares the folders with the catalog and puts the work in the queue: new and changed files are queued, a file
/// whose size and modification time are unchanged is skipped without reading it, a catalogued file that vanished
/// is followed by its content hash to a new name (its analysis kept) or else dropped.
/// </summary>
public static class ScanPlanner
{
    public static ScanPlan Plan(ILibraryStore store, IReadOnlyList<string> roots, string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(roots);
        IReadOnlyList<string> files = AudioFileFinder.Find(roots);
        string[] fullRoots = roots.Select(Path.GetFullPath).ToArray();
        Dictionary<string, CatalogFile> known = store.Files().ToDictionary(file => file.File.Path, StringComparer.Ordinal);
        // Catalogued files under these roots that are gone: each is either renamed (found again by hash) or deleted.
        Dictionary<string, List<CatalogFile>> vanishedByHash = known.Values
            .Where(file => AudioFileFinder.IsUnder(file.File.Path, fullRoots) && !File.Exists(file.File.Path))
            .GroupBy(file => file.File.ContentHash)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);

        var queue = new List<FileIdentity>();
        int unchanged = 0, renamed = 0;
        foreach (string path in files)
        {
            var (size, modified) = FileIdentities.Stat(path);
            known.TryGetValue(path, out CatalogFile? catalogued);
            if (catalogued is not null && catalogued.File.Size == size && catalogued.File.ModifiedUnixMs == modified)
            {
                unchanged++;
                continue;
            }
            FileIdentity file = FileIdentities.Identify(path);
            if (catalogued is not null && catalogued.File.ContentHash == file.ContentHash && file.ContentHash != FileIdentities.Unreadable)
            {
                // Touched, not changed: keep the analysis, remember the new time.
                store.RenameTrack(path, file);
                unchanged++;
            }
            else if (catalogued is null && vanishedByHash.TryGetValue(file.ContentHash, out List<CatalogFile>? moved) && moved.Count > 0)
            {
                store.RenameTrack(moved[^1].File.Path, file);
                moved.RemoveAt(moved.Count - 1);
                renamed++;
            }
            else
            {
                queue.Add(file);
            }
        }
        int deleted = 0;
        foreach (CatalogFile gone in vanishedByHash.Values.SelectMany(list => list))
        {
            store.DeleteTrack(gone.File.Path);
            deleted++;
        }
        store.Enqueue(queue, modelSha256);
        return new ScanPlan(queue.Count, unchanged, renamed, deleted);
    }

    /// <summary>Queues every catalogued track that another model analysed (<c>library rescan --model</c>).</summary>
    public static ScanPlan PlanModelChange(ILibraryStore store, string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<CatalogFile> all = store.Files();
        FileIdentity[] stale = all.Where(file => file.ModelSha256 != modelSha256).Select(file => file.File).ToArray();
        store.Enqueue(stale, modelSha256);
        return new ScanPlan(stale.Length, all.Count - stale.Length, 0, 0);
    }
}
