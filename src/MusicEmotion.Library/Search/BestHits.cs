namespace MusicEmotion.Library.Search;

/// <summary>
/// The <c>limit</c> smallest distances seen so far, and the largest of them: the threshold a candidate must beat,
/// which is what lets lower bounds and early abandoning skip most of a large catalog.
/// </summary>
internal sealed class BestHits(int limit)
{
    private readonly PriorityQueue<int, double> _worstFirst = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));

    /// <summary>A candidate at this distance or more cannot enter the list.</summary>
    public double Threshold => _worstFirst.Count < limit ? double.PositiveInfinity : _worstFirst.TryPeek(out _, out double worst) ? worst : double.PositiveInfinity;

    public void Offer(int index, double distance)
    {
        if (_worstFirst.Count < limit)
        {
            _worstFirst.Enqueue(index, distance);
        }
        else if (distance < Threshold)
        {
            _worstFirst.EnqueueDequeue(index, distance);
        }
    }

    /// <summary>The entries, nearest first.</summary>
    public IReadOnlyList<(int Index, double Distance)> Ranked() =>
        _worstFirst.UnorderedItems.Select(item => (item.Element, item.Priority)).OrderBy(item => item.Priority).ThenBy(item => item.Element).ToArray();
}
